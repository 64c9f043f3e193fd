;; Matrix product C = A·B (or C += A·B when `accumulate` is 1) in tfjs-wasm's memory with fused multiply-adds (compiled to dist/backend/wasm/gemm.wasm;
;; needs WebAssembly relaxed SIMD). B is row-major [K, N] with N a multiple of 8, C row-major [M, N].
;; A[i, k] is read at a + i·aRow + k·aCol (byte strides): row-major A has aRow = 4K, aCol = 4; a transposed A
;; (stored [K, M]) has aRow = 4, aCol = 4M — so Aᵀ·B needs no transpose copy, and unlike XNNPACK nothing is
;; packed first (its packing of a new weight matrix costs as much as a third of the product).
;; Blocks of 4 rows × 8 columns of C are kept in 8 registers while k runs; leftover rows go one at a time. Rows are
;; taken in bands of `band` rows (a multiple of 4, chosen so that a band of A stays in cache while every column
;; block of B passes over it).
(module
  (import "env" "memory" (memory 0))
  (func (export "gemm")
    (param $c i32) (param $a i32) (param $b i32) (param $m i32) (param $n i32) (param $k i32) (param $aRow i32) (param $aCol i32) (param $band i32) (param $accumulate i32)
    (local $ldb i32) (local $j i32) (local $i i32) (local $kk i32) (local $rowsIn4 i32) (local $bandStart i32) (local $bandEnd i32)
    (local $pa0 i32) (local $pa1 i32) (local $pa2 i32) (local $pa3 i32) (local $pb i32) (local $pc i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $ldb (i32.shl (local.get $n) (i32.const 2)))
    (if (i32.lt_u (local.get $band) (i32.const 4)) (then (local.set $band (i32.const 4)))) ;; never a band of 0 rows
    (local.set $bandStart (i32.const 0))
    (block $bandsDone
      (loop $bands
    (br_if $bandsDone (i32.ge_u (local.get $bandStart) (local.get $m)))
    (local.set $bandEnd (select (local.get $m) (i32.add (local.get $bandStart) (local.get $band))
      (i32.gt_u (i32.add (local.get $bandStart) (local.get $band)) (local.get $m))))
    (local.set $rowsIn4 (i32.add (local.get $bandStart) (i32.and (i32.sub (local.get $bandEnd) (local.get $bandStart)) (i32.const -4))))
    (local.set $j (i32.const 0))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $ldb)))
        ;; 4-row blocks
        (local.set $i (local.get $bandStart))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_u (local.get $i) (local.get $rowsIn4)))
            (local.set $pa0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow))))
            (local.set $pa1 (i32.add (local.get $pa0) (local.get $aRow)))
            (local.set $pa2 (i32.add (local.get $pa1) (local.get $aRow)))
            (local.set $pa3 (i32.add (local.get $pa2) (local.get $aRow)))
            (local.set $pb (i32.add (local.get $b) (local.get $j)))
            (local.set $pc (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldb)) (local.get $j))))
            (if (local.get $accumulate)
              (then
                (local.set $c00 (v128.load (local.get $pc))) (local.set $c01 (v128.load offset=16 (local.get $pc)))
                (local.set $c10 (v128.load (i32.add (local.get $pc) (local.get $ldb)))) (local.set $c11 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldb))))
                (local.set $c20 (v128.load (i32.add (local.get $pc) (i32.shl (local.get $ldb) (i32.const 1)))))
                (local.set $c21 (v128.load offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldb) (i32.const 1)))))
                (local.set $c30 (v128.load (i32.add (local.get $pc) (i32.mul (local.get $ldb) (i32.const 3)))))
                (local.set $c31 (v128.load offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldb) (i32.const 3))))))
              (else
                (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
                (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
                (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
                (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))))
            (local.set $kk (local.get $k))
            (block $innerDone
              (loop $inner
                (br_if $innerDone (i32.eqz (local.get $kk)))
                (local.set $b0 (v128.load (local.get $pb)))
                (local.set $b1 (v128.load offset=16 (local.get $pb)))
                (local.set $x (v128.load32_splat (local.get $pa0)))
                (local.set $c00 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
                (local.set $c01 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
                (local.set $x (v128.load32_splat (local.get $pa1)))
                (local.set $c10 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
                (local.set $c11 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
                (local.set $x (v128.load32_splat (local.get $pa2)))
                (local.set $c20 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
                (local.set $c21 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
                (local.set $x (v128.load32_splat (local.get $pa3)))
                (local.set $c30 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
                (local.set $c31 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
                (local.set $pa0 (i32.add (local.get $pa0) (local.get $aCol)))
                (local.set $pa1 (i32.add (local.get $pa1) (local.get $aCol)))
                (local.set $pa2 (i32.add (local.get $pa2) (local.get $aCol)))
                (local.set $pa3 (i32.add (local.get $pa3) (local.get $aCol)))
                (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
                (br $inner)))
            (v128.store (local.get $pc) (local.get $c00)) (v128.store offset=16 (local.get $pc) (local.get $c01))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldb)))
            (v128.store (local.get $pc) (local.get $c10)) (v128.store offset=16 (local.get $pc) (local.get $c11))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldb)))
            (v128.store (local.get $pc) (local.get $c20)) (v128.store offset=16 (local.get $pc) (local.get $c21))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldb)))
            (v128.store (local.get $pc) (local.get $c30)) (v128.store offset=16 (local.get $pc) (local.get $c31))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $blocks)))
        ;; leftover rows, one at a time
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $bandEnd)))
            (local.set $pa0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow))))
            (local.set $pb (i32.add (local.get $b) (local.get $j)))
            (local.set $pc (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldb)) (local.get $j))))
            (if (local.get $accumulate)
              (then (local.set $c00 (v128.load (local.get $pc))) (local.set $c01 (v128.load offset=16 (local.get $pc))))
              (else (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))))
            (local.set $kk (local.get $k))
            (block $rowDone
              (loop $row
                (br_if $rowDone (i32.eqz (local.get $kk)))
                (local.set $x (v128.load32_splat (local.get $pa0)))
                (local.set $c00 (f32x4.relaxed_madd (local.get $x) (v128.load (local.get $pb)) (local.get $c00)))
                (local.set $c01 (f32x4.relaxed_madd (local.get $x) (v128.load offset=16 (local.get $pb)) (local.get $c01)))
                (local.set $pa0 (i32.add (local.get $pa0) (local.get $aCol)))
                (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
                (br $row)))
            (v128.store (local.get $pc) (local.get $c00)) (v128.store offset=16 (local.get $pc) (local.get $c01))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $columns)))
    (local.set $bandStart (local.get $bandEnd))
    (br $bands))))
  ;; The fused layer's epilogue on `rows` rows of C (n columns, a multiple of 4): C = C + bias (when `hasBias`; bias has
  ;; n values), then ReLU (max with 0) when `relu` is 1.
  (func (export "biasActivation")
    (param $c i32) (param $bias i32) (param $rows i32) (param $n i32) (param $hasBias i32) (param $relu i32)
    (local $end i32) (local $rowEnd i32) (local $pb i32) (local $v v128)
    (local.set $end (i32.add (local.get $c) (i32.shl (i32.mul (local.get $rows) (local.get $n)) (i32.const 2))))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $rowEnd (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $pb (local.get $bias))
        (block $rowDone
          (loop $columns
            (br_if $rowDone (i32.ge_u (local.get $c) (local.get $rowEnd)))
            (local.set $v (v128.load (local.get $c)))
            (if (local.get $hasBias) (then (local.set $v (f32x4.add (local.get $v) (v128.load (local.get $pb))))))
            (if (local.get $relu) (then (local.set $v (f32x4.max (local.get $v) (v128.const f32x4 0 0 0 0)))))
            (v128.store (local.get $c) (local.get $v))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
            (br $columns)))
        (br $rowsLoop)))))
