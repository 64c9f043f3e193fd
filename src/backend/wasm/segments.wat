;; Segment sums in tfjs-wasm's memory (compiled to dist/backend/wasm/segments.wasm): the gradient of tf.gather, so of
;; an embedding layer. Pointers are byte offsets; the output is overwritten.
(module
  (import "env" "memory" (memory 0))

  ;; out[s, :] = the sum of the rows x[r, :] with ids[r] = s, for s in 0 … segments−1 (zero where none); x is
  ;; row-major [rows, cols] float32, ids int32. Rows whose id is negative or ≥ segments are dropped (one unsigned
  ;; comparison), as tfjs's cpu kernel drops them. Each row is added into its segment's row 4 floats at a time, in
  ;; row order, then the last cols mod 4 floats one by one.
  (func (export "segmentSum")
    (param $out i32) (param $x i32) (param $ids i32) (param $rows i32) (param $cols i32) (param $segments i32)
    (local $rowBytes i32) (local $vectorBytes i32) (local $id i32) (local $src i32) (local $dst i32) (local $end i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $segments) (local.get $rowBytes)))
    (local.set $src (local.get $x))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $id (i32.load (local.get $ids)))
        (if (i32.lt_u (local.get $id) (local.get $segments))
          (then
            (local.set $dst (i32.add (local.get $out) (i32.mul (local.get $id) (local.get $rowBytes))))
            (local.set $end (i32.add (local.get $dst) (local.get $vectorBytes)))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $dst) (local.get $end)))
                (v128.store (local.get $dst)
                  (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (br $vectors)))
            (local.set $end (i32.add (local.get $end) (i32.sub (local.get $rowBytes) (local.get $vectorBytes))))
            (block $floatsDone
              (loop $floats
                (br_if $floatsDone (i32.ge_u (local.get $dst) (local.get $end)))
                (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (br $floats))))
          (else (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))))
        (local.set $ids (i32.add (local.get $ids) (i32.const 4)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $rowsLoop)))))
