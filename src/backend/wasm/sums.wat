;; Column sums of a row-major float32 matrix in tfjs-wasm's memory (compiled to dist/backend/wasm/sums.wasm):
;; out[c] = x[0, c] + x[1, c] + … + x[rows−1, c], summed row by row in float32, four columns at a time.
;; Pointers are byte offsets; out (cols floats) is overwritten.
(module
  (import "env" "memory" (memory 0))
  (func (export "columnSums") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $rowBytes i32) (local $vectorBytes i32) (local $at i32) (local $row i32) (local $c i32) (local $end i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    ;; out = 0
    (memory.fill (local.get $out) (i32.const 0) (local.get $rowBytes))
    (local.set $at (local.get $x))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rowBytes) (local.get $rows))))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $c (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $c) (local.get $vectorBytes)))
            (v128.store (i32.add (local.get $out) (local.get $c))
              (f32x4.add
                (v128.load (i32.add (local.get $out) (local.get $c)))
                (v128.load (i32.add (local.get $at) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $vectors)))
        (block $scalarsDone
          (loop $scalars
            (br_if $scalarsDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (local.get $c))
              (f32.add
                (f32.load (i32.add (local.get $out) (local.get $c)))
                (f32.load (i32.add (local.get $at) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $scalars)))
        (local.set $at (i32.add (local.get $at) (local.get $rowBytes)))
        (br $rowsLoop)))))
