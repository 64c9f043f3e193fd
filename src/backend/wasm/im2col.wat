;; Patch rows of an NHWC image and their adjoint, in tfjs-wasm's memory (compiled to dist/backend/wasm/im2col.wasm).
;; A convolution is then ONE matrix product: cols[(b, r, c), (kr, kc, ci)] = x[b, r·sh + kr·dh − top, c·sw + kc·dw − left, ci],
;; zero where the window hangs over the padding; cols has batch·outH·outW rows of filterH·filterW·channels floats.
;; Pointers are byte offsets. `g` points to 14 i32 geometry values:
;;   batch inH inW channels outH outW filterH filterW strideH strideW dilationH dilationW top left
(module
  (import "env" "memory" (memory 0))

  ;; cols = im2col(x); each patch pixel is one memory.copy of `channels` floats (or a zero fill).
  (func (export "im2col") (param $x i32) (param $cols i32) (param $g i32)
    (local.get $x) (local.get $cols) (local.get $g) (i32.const 0) (call $walk))

  ;; dx += col2im(cols): every patch pixel inside the image is added back where im2col read it (dx is not cleared).
  (func (export "col2imAdd") (param $cols i32) (param $dx i32) (param $g i32)
    (local.get $dx) (local.get $cols) (local.get $g) (i32.const 1) (call $walk))

  ;; Walks the patch pixels in row order. add = 0: copy image → cols; add = 1: cols added onto the image.
  (func $walk (param $image i32) (param $cols i32) (param $g i32) (param $add i32)
    (local $batch i32) (local $inH i32) (local $inW i32) (local $channelBytes i32) (local $outH i32) (local $outW i32)
    (local $fH i32) (local $fW i32) (local $sH i32) (local $sW i32) (local $dH i32) (local $dW i32) (local $top i32) (local $left i32)
    (local $b i32) (local $r i32) (local $c i32) (local $kr i32) (local $kc i32) (local $ir i32) (local $ic i32) (local $at i32)
    (local $imageAt i32)
    (local.set $batch (i32.load (local.get $g)))
    (local.set $inH (i32.load offset=4 (local.get $g)))
    (local.set $inW (i32.load offset=8 (local.get $g)))
    (local.set $channelBytes (i32.shl (i32.load offset=12 (local.get $g)) (i32.const 2)))
    (local.set $outH (i32.load offset=16 (local.get $g)))
    (local.set $outW (i32.load offset=20 (local.get $g)))
    (local.set $fH (i32.load offset=24 (local.get $g)))
    (local.set $fW (i32.load offset=28 (local.get $g)))
    (local.set $sH (i32.load offset=32 (local.get $g)))
    (local.set $sW (i32.load offset=36 (local.get $g)))
    (local.set $dH (i32.load offset=40 (local.get $g)))
    (local.set $dW (i32.load offset=44 (local.get $g)))
    (local.set $top (i32.load offset=48 (local.get $g)))
    (local.set $left (i32.load offset=52 (local.get $g)))
    (local.set $at (local.get $cols))
    (local.set $b (i32.const 0))
    (loop $batches
      (local.set $r (i32.const 0))
      (loop $rows
        (local.set $c (i32.const 0))
        (loop $columns
          (local.set $kr (i32.const 0))
          (loop $filterRows
            (local.set $ir (i32.sub (i32.add (i32.mul (local.get $r) (local.get $sH)) (i32.mul (local.get $kr) (local.get $dH))) (local.get $top)))
            (local.set $kc (i32.const 0))
            (loop $filterColumns
              (local.set $ic (i32.sub (i32.add (i32.mul (local.get $c) (local.get $sW)) (i32.mul (local.get $kc) (local.get $dW))) (local.get $left)))
              (if (i32.and (i32.lt_u (local.get $ir) (local.get $inH)) (i32.lt_u (local.get $ic) (local.get $inW))) ;; unsigned: negatives are outside too
                (then
                  (local.set $imageAt (i32.add (local.get $image)
                    (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $ir)) (local.get $inW)) (local.get $ic)) (local.get $channelBytes))))
                  (if (local.get $add)
                    (then (call $addFloats (local.get $imageAt) (local.get $at) (local.get $channelBytes)))
                    (else (memory.copy (local.get $at) (local.get $imageAt) (local.get $channelBytes)))))
                (else
                  (if (i32.eqz (local.get $add)) (then (memory.fill (local.get $at) (i32.const 0) (local.get $channelBytes))))))
              (local.set $at (i32.add (local.get $at) (local.get $channelBytes)))
              (local.set $kc (i32.add (local.get $kc) (i32.const 1)))
              (br_if $filterColumns (i32.lt_u (local.get $kc) (local.get $fW))))
            (local.set $kr (i32.add (local.get $kr) (i32.const 1)))
            (br_if $filterRows (i32.lt_u (local.get $kr) (local.get $fH))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $columns (i32.lt_u (local.get $c) (local.get $outW))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $r) (local.get $outH))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $batches (i32.lt_u (local.get $b) (local.get $batch)))))

  ;; dst[0 .. bytes) += src[0 .. bytes), four floats at a time, then one at a time.
  (func $addFloats (param $dst i32) (param $src i32) (param $bytes i32)
    (local $end i32) (local $vectorEnd i32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (local.set $vectorEnd (i32.add (local.get $dst) (i32.and (local.get $bytes) (i32.const -16))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $dst) (local.get $vectorEnd)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $vectors)))
    (block $scalarsDone
      (loop $scalars
        (br_if $scalarsDone (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $scalars)))))
