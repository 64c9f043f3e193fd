;; Accurate float32 sums in tfjs-wasm's memory (compiled to dist/backend/wasm/sums.wasm). A naive float32 running
;; total stops growing once it dwarfs the terms (47 million halves sum to 2^23); here float32 only ever sums short
;; blocks, and the blocks' totals go into float64 accumulators (blocked summation, as PyTorch and NumPy do with
;; pairwise sums; error ≈ the block length × 2^-24, not the tensor's size × 2^-24). Each result is total / divisor
;; (1 for a sum, the count for a mean), rounded once to float32. Pointers are byte offsets; outputs are overwritten.
(module
  (import "env" "memory" (memory 0))

  ;; The four lanes of a float32 vector added to the two float64 lanes of $acc.
  (func $widen (param $acc v128) (param $v v128) (result v128)
    (f64x2.add
      (f64x2.add (local.get $acc) (f64x2.promote_low_f32x4 (local.get $v)))
      (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))

  ;; out[r] = (x[r, 0] + … + x[r, cols−1]) / divisor for each of `rows` contiguous rows: blocks of 256 floats in four
  ;; float32 vectors (16 terms per lane), each block's total into a float64 vector; the rest vector by vector, then
  ;; float by float. rows = 1 is a whole tensor's sum.
  (func (export "rowSums") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32) (param $divisor f64)
    (local $at i32) (local $rowEnd i32) (local $i i32) (local $total v128) (local $tail f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $at (local.get $x))
    (local.set $rowEnd (local.get $x))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $rowEnd (i32.add (local.get $rowEnd) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $total (v128.const i64x2 0 0))
        (local.set $tail (f64.const 0))
        ;; blocks of 256 floats (1024 bytes)
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.lt_u (i32.sub (local.get $rowEnd) (local.get $at)) (i32.const 1024)))
            (local.set $a0 (v128.load (local.get $at)))
            (local.set $a1 (v128.load offset=16 (local.get $at)))
            (local.set $a2 (v128.load offset=32 (local.get $at)))
            (local.set $a3 (v128.load offset=48 (local.get $at)))
            (local.set $i (i32.const 15))
            (loop $block
              (local.set $at (i32.add (local.get $at) (i32.const 64)))
              (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $at))))
              (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $at))))
              (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $at))))
              (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $at))))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br_if $block (local.get $i)))
            (local.set $at (i32.add (local.get $at) (i32.const 64)))
            (local.set $total
              (call $widen (local.get $total)
                (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))))
            (br $blocks)))
        ;; fewer than 256 floats left: vectors (at most 63 terms per lane), then single floats
        (local.set $a0 (v128.const i64x2 0 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.lt_u (i32.sub (local.get $rowEnd) (local.get $at)) (i32.const 16)))
            (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $at))))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (br $vectors)))
        (local.set $total (call $widen (local.get $total) (local.get $a0)))
        (block $scalarsDone
          (loop $scalars
            (br_if $scalarsDone (i32.ge_u (local.get $at) (local.get $rowEnd)))
            (local.set $tail (f64.add (local.get $tail) (f64.promote_f32 (f32.load (local.get $at)))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $scalars)))
        (f32.store (local.get $out)
          (f32.demote_f64
            (f64.div
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $total)) (f64x2.extract_lane 1 (local.get $total)))
                (local.get $tail))
              (local.get $divisor))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $rowsLoop))))

  ;; Column sums go down the rows in order (memory is read once, as it lies): 32 rows at a time summed into out in
  ;; float32, four columns at a time, then added to float64 accumulators (acc: cols float64s of scratch).

  ;; acc[c] += part[c] for c < cols (part float32, acc float64), then part = 0; inline, as V8 inlines no calls.
  (func $flush (param $part i32) (param $acc i32) (param $cols i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $part) (i32.shl (local.get $cols) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.lt_u (i32.sub (local.get $end) (local.get $part)) (i32.const 16)))
        (local.set $v (v128.load (local.get $part)))
        (v128.store (local.get $part) (v128.const i64x2 0 0))
        (v128.store (local.get $acc)
          (f64x2.add (v128.load (local.get $acc)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $acc)
          (f64x2.add
            (v128.load offset=16 (local.get $acc))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $part (i32.add (local.get $part) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (br $vectors)))
    (block $scalarsDone
      (loop $scalars
        (br_if $scalarsDone (i32.ge_u (local.get $part) (local.get $end)))
        (f64.store (local.get $acc)
          (f64.add (f64.load (local.get $acc)) (f64.promote_f32 (f32.load (local.get $part)))))
        (f32.store (local.get $part) (f32.const 0))
        (local.set $part (i32.add (local.get $part) (i32.const 4)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
        (br $scalars))))

  ;; out[c] = (x[0, c] + x[1, c] + … + x[rows−1, c]) / divisor for a row-major [rows × cols] matrix.
  (func (export "columnSums")
    (param $x i32) (param $out i32) (param $acc i32) (param $rows i32) (param $cols i32) (param $divisor f64)
    (local $rowBytes i32) (local $vectorBytes i32) (local $c i32) (local $n i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (memory.fill (local.get $out) (i32.const 0) (local.get $rowBytes))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $cols) (i32.const 3)))
    (block $rowsDone
      (loop $blocks
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $n (select (i32.const 32) (local.get $rows) (i32.gt_u (local.get $rows) (i32.const 32))))
        (local.set $rows (i32.sub (local.get $rows) (local.get $n)))
        (loop $block
          (local.set $c (i32.const 0))
          (block $vectorsDone
            (loop $vectors
              (br_if $vectorsDone (i32.ge_u (local.get $c) (local.get $vectorBytes)))
              (v128.store (i32.add (local.get $out) (local.get $c))
                (f32x4.add
                  (v128.load (i32.add (local.get $out) (local.get $c)))
                  (v128.load (i32.add (local.get $x) (local.get $c)))))
              (local.set $c (i32.add (local.get $c) (i32.const 16)))
              (br $vectors)))
          (block $scalarsDone
            (loop $scalars
              (br_if $scalarsDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
              (f32.store (i32.add (local.get $out) (local.get $c))
                (f32.add
                  (f32.load (i32.add (local.get $out) (local.get $c)))
                  (f32.load (i32.add (local.get $x) (local.get $c)))))
              (local.set $c (i32.add (local.get $c) (i32.const 4)))
              (br $scalars)))
          (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $block (local.get $n)))
        (call $flush (local.get $out) (local.get $acc) (local.get $cols))
        (br $blocks)))
    ;; out = acc / divisor
    (local.set $c (i32.const 0))
    (block $outDone
      (loop $outLoop
        (br_if $outDone (i32.ge_u (local.get $c) (local.get $cols)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
          (f32.demote_f64
            (f64.div
              (f64.load (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))))
              (local.get $divisor))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $outLoop)))))
