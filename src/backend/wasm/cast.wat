;; Casts to bool in tfjs-wasm's memory (compiled to dist/backend/wasm/cast.wasm): out[i] = 1 where x[i] ≠ 0, else 0,
;; for `count` int32 values (int32ToBool) or float32 values (float32ToBool: NaN ≠ 0, −0 = 0) into bytes. Pointers are
;; byte offsets. 16 values per step: four 4-lane comparisons (all ones or zeros per lane), narrowed to 16 bytes, masked
;; to 1; then the last count mod 16 one by one.
(module
  (import "env" "memory" (memory 0))

  (func (export "int32ToBool") (param $x i32) (param $out i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.and (local.get $count) (i32.const -16))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out)
          (v128.and
            (i8x16.narrow_i16x8_s
              (i16x8.narrow_i32x4_s
                (i32x4.ne (v128.load offset=0 (local.get $x)) (v128.const i32x4 0 0 0 0))
                (i32x4.ne (v128.load offset=16 (local.get $x)) (v128.const i32x4 0 0 0 0)))
              (i16x8.narrow_i32x4_s
                (i32x4.ne (v128.load offset=32 (local.get $x)) (v128.const i32x4 0 0 0 0))
                (i32x4.ne (v128.load offset=48 (local.get $x)) (v128.const i32x4 0 0 0 0))))
            (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vectors)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $count) (i32.const 15))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (i32.store8 (local.get $out) (i32.ne (i32.load (local.get $x)) (i32.const 0)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (br $tail))))

  (func (export "float32ToBool") (param $x i32) (param $out i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.and (local.get $count) (i32.const -16))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out)
          (v128.and
            (i8x16.narrow_i16x8_s
              (i16x8.narrow_i32x4_s
                (f32x4.ne (v128.load offset=0 (local.get $x)) (v128.const i32x4 0 0 0 0))
                (f32x4.ne (v128.load offset=16 (local.get $x)) (v128.const i32x4 0 0 0 0)))
              (i16x8.narrow_i32x4_s
                (f32x4.ne (v128.load offset=32 (local.get $x)) (v128.const i32x4 0 0 0 0))
                (f32x4.ne (v128.load offset=48 (local.get $x)) (v128.const i32x4 0 0 0 0))))
            (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vectors)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $count) (i32.const 15))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (i32.store8 (local.get $out) (f32.ne (f32.load (local.get $x)) (f32.const 0)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (br $tail))))
)
