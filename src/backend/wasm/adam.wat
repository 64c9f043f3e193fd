;; One Adam step for one variable in a single SIMD pass over tfjs-wasm's memory (compiled to dist/backend/wasm/adam.wasm).
;; Same float32 operations, in the same order, as tfjs-core's AdamOptimizer.applyGradients:
;;   m' = m*b1 + g*(1-b1);  v' = v*b2 + (g*g)*(1-b2)
;;   p' = ((m'/c1) / (sqrt(v'/c2) + eps)) * (-lr) + p        with c1 = 1 - b1^t, c2 = 1 - b2^t
;; Pointers are byte offsets of float32 arrays of length n; the outputs may be the inputs (in place).
(module
  (import "env" "memory" (memory 0))
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $pOut i32) (param $mOut i32) (param $vOut i32) (param $n i32)
    (param $b1 f32) (param $oneMinusB1 f32) (param $b2 f32) (param $oneMinusB2 f32)
    (param $c1 f32) (param $c2 f32) (param $eps f32) (param $negLr f32)
    (local $at i32) (local $vectorEnd i32) (local $end i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $end) (i32.const -16)))
    ;; four floats at a time
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $at))))
        (local.set $mv
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $at))) (f32x4.splat (local.get $b1)))
            (f32x4.mul (local.get $gv) (f32x4.splat (local.get $oneMinusB1)))))
        (local.set $vv
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $at))) (f32x4.splat (local.get $b2)))
            (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $oneMinusB2)))))
        (v128.store (i32.add (local.get $pOut) (local.get $at))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mv) (f32x4.splat (local.get $c1)))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (f32x4.splat (local.get $c2)))) (f32x4.splat (local.get $eps))))
              (f32x4.splat (local.get $negLr)))
            (v128.load (i32.add (local.get $p) (local.get $at)))))
        (v128.store (i32.add (local.get $mOut) (local.get $at)) (local.get $mv))
        (v128.store (i32.add (local.get $vOut) (local.get $at)) (local.get $vv))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $vectors)))
    ;; the last n mod 4 floats
    (block $scalarsDone
      (loop $scalars
        (br_if $scalarsDone (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $at))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $at))) (local.get $b1))
            (f32.mul (local.get $gs) (local.get $oneMinusB1))))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $at))) (local.get $b2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $oneMinusB2))))
        (f32.store (i32.add (local.get $pOut) (local.get $at))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $c1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))
              (local.get $negLr))
            (f32.load (i32.add (local.get $p) (local.get $at)))))
        (f32.store (i32.add (local.get $mOut) (local.get $at)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $at)) (local.get $vs))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $scalars)))))
