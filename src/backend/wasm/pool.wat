;; Max-pool gradient for 2×2 windows with stride 2 that lie inside the image (compiled to dist/backend/wasm/pool.wasm).
;; The windows do not overlap, so every input pixel gets either its window's dy (if it is the window's first largest
;; value in scan order: top-left, top-right, bottom-left, bottom-right; NaN never wins; none if nothing beats −∞)
;; or 0 — plain stores, four channels at a time. Pixels outside every window (an odd last row/column) are not
;; written: dx must start at 0. x and dx are [batch, inH, inW, C], dy is [batch, outH, outW, C]; pointers are byte offsets.
(module
  (import "env" "memory" (memory 0))

  ;; One window, channels [c, c+4): writes dx at the four pixels (byte offsets p0..p3 from the image start).
  (func $window4 (param $x i32) (param $dx i32) (param $g v128) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32)
    (local $best v128) (local $at v128) (local $v v128) (local $wins v128)
    (local.set $best (f32x4.splat (f32.const -inf)))
    (local.set $at (i32x4.splat (i32.const -1)))
    ;; candidate k: wins where v > best (false for NaN), ties keep the earlier one
    (local.set $v (v128.load (i32.add (local.get $x) (local.get $p0))))
    (local.set $wins (f32x4.gt (local.get $v) (local.get $best)))
    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $wins)))
    (local.set $at (v128.bitselect (i32x4.splat (i32.const 0)) (local.get $at) (local.get $wins)))
    (local.set $v (v128.load (i32.add (local.get $x) (local.get $p1))))
    (local.set $wins (f32x4.gt (local.get $v) (local.get $best)))
    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $wins)))
    (local.set $at (v128.bitselect (i32x4.splat (i32.const 1)) (local.get $at) (local.get $wins)))
    (local.set $v (v128.load (i32.add (local.get $x) (local.get $p2))))
    (local.set $wins (f32x4.gt (local.get $v) (local.get $best)))
    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $wins)))
    (local.set $at (v128.bitselect (i32x4.splat (i32.const 2)) (local.get $at) (local.get $wins)))
    (local.set $v (v128.load (i32.add (local.get $x) (local.get $p3))))
    (local.set $wins (f32x4.gt (local.get $v) (local.get $best)))
    (local.set $at (v128.bitselect (i32x4.splat (i32.const 3)) (local.get $at) (local.get $wins)))
    ;; dx at pixel k = dy where k won, else 0
    (v128.store (i32.add (local.get $dx) (local.get $p0)) (v128.and (local.get $g) (i32x4.eq (local.get $at) (i32x4.splat (i32.const 0)))))
    (v128.store (i32.add (local.get $dx) (local.get $p1)) (v128.and (local.get $g) (i32x4.eq (local.get $at) (i32x4.splat (i32.const 1)))))
    (v128.store (i32.add (local.get $dx) (local.get $p2)) (v128.and (local.get $g) (i32x4.eq (local.get $at) (i32x4.splat (i32.const 2)))))
    (v128.store (i32.add (local.get $dx) (local.get $p3)) (v128.and (local.get $g) (i32x4.eq (local.get $at) (i32x4.splat (i32.const 3))))))

  ;; The same for one channel (the last C mod 4 channels).
  (func $window1 (param $x i32) (param $dx i32) (param $g f32) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32)
    (local $best f32) (local $at i32) (local $v f32)
    (local.set $best (f32.const -inf))
    (local.set $at (i32.const -1))
    (local.set $v (f32.load (i32.add (local.get $x) (local.get $p0))))
    (if (f32.gt (local.get $v) (local.get $best)) (then (local.set $best (local.get $v)) (local.set $at (i32.const 0))))
    (local.set $v (f32.load (i32.add (local.get $x) (local.get $p1))))
    (if (f32.gt (local.get $v) (local.get $best)) (then (local.set $best (local.get $v)) (local.set $at (i32.const 1))))
    (local.set $v (f32.load (i32.add (local.get $x) (local.get $p2))))
    (if (f32.gt (local.get $v) (local.get $best)) (then (local.set $best (local.get $v)) (local.set $at (i32.const 2))))
    (local.set $v (f32.load (i32.add (local.get $x) (local.get $p3))))
    (if (f32.gt (local.get $v) (local.get $best)) (then (local.set $at (i32.const 3))))
    (f32.store (i32.add (local.get $dx) (local.get $p0)) (select (local.get $g) (f32.const 0) (i32.eq (local.get $at) (i32.const 0))))
    (f32.store (i32.add (local.get $dx) (local.get $p1)) (select (local.get $g) (f32.const 0) (i32.eq (local.get $at) (i32.const 1))))
    (f32.store (i32.add (local.get $dx) (local.get $p2)) (select (local.get $g) (f32.const 0) (i32.eq (local.get $at) (i32.const 2))))
    (f32.store (i32.add (local.get $dx) (local.get $p3)) (select (local.get $g) (f32.const 0) (i32.eq (local.get $at) (i32.const 3)))))

  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32) (param $inH i32) (param $inW i32) (param $C i32)
    (param $outH i32) (param $outW i32)
    (local $b i32) (local $r i32) (local $c i32) (local $ch i32) (local $p0 i32) (local $rowBytes i32) (local $pixelBytes i32)
    (local $vectorBytes i32) (local $channelByte i32) (local $g i32)
    (local.set $pixelBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $inW) (local.get $pixelBytes)))
    (local.set $vectorBytes (i32.and (local.get $pixelBytes) (i32.const -16)))
    (local.set $g (local.get $dy))
    (local.set $b (i32.const 0))
    (loop $batches
      (local.set $r (i32.const 0))
      (loop $rows
        (local.set $c (i32.const 0))
        (loop $cols
          ;; byte offset of the window's top-left pixel: ((b*inH + 2r)*inW + 2c)*C*4
          (local.set $p0 (i32.mul
            (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (i32.shl (local.get $r) (i32.const 1))) (local.get $inW))
                     (i32.shl (local.get $c) (i32.const 1)))
            (local.get $pixelBytes)))
          (local.set $channelByte (i32.const 0))
          (block $vectorsDone
            (loop $vectors
              (br_if $vectorsDone (i32.ge_u (local.get $channelByte) (local.get $vectorBytes)))
              (call $window4 (local.get $x) (local.get $dx) (v128.load (i32.add (local.get $g) (local.get $channelByte)))
                (i32.add (local.get $p0) (local.get $channelByte))
                (i32.add (i32.add (local.get $p0) (local.get $pixelBytes)) (local.get $channelByte))
                (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $channelByte))
                (i32.add (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $pixelBytes)) (local.get $channelByte)))
              (local.set $channelByte (i32.add (local.get $channelByte) (i32.const 16)))
              (br $vectors)))
          (block $scalarsDone
            (loop $scalars
              (br_if $scalarsDone (i32.ge_u (local.get $channelByte) (local.get $pixelBytes)))
              (call $window1 (local.get $x) (local.get $dx) (f32.load (i32.add (local.get $g) (local.get $channelByte)))
                (i32.add (local.get $p0) (local.get $channelByte))
                (i32.add (i32.add (local.get $p0) (local.get $pixelBytes)) (local.get $channelByte))
                (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $channelByte))
                (i32.add (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $pixelBytes)) (local.get $channelByte)))
              (local.set $channelByte (i32.add (local.get $channelByte) (i32.const 4)))
              (br $scalars)))
          (local.set $g (i32.add (local.get $g) (local.get $pixelBytes)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $cols (i32.lt_u (local.get $c) (local.get $outW))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $r) (local.get $outH))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $batches (i32.lt_u (local.get $b) (local.get $batch))))))
