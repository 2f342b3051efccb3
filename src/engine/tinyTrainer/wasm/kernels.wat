;; The typed-array trainer's inner loops in WebAssembly SIMD (f32x4). Every pointer is a byte
;; offset into the imported memory; every size counts float32 elements. The scalar loops after
;; each vector loop handle sizes that are not multiples of 4. `kernels.ts` has the same kernels
;; in plain JavaScript (the fallback, and the reference the tests hold these to).
(module
  (import "env" "memory" (memory 1))

  ;; C[m,n] (+)= A·B with B [k,n] row-major and A's element (i,p) at a + 4·(i·si + p·sp), so
  ;; one kernel serves A [m,k] (si = k, sp = 1) and Aᵀ for A [k,m] (si = 1, sp = m).
  ;; Each C row is accumulated as a sum of B rows scaled by A's entries (zeros skipped).
  (func (export "gemm")
    (param $a i32) (param $si i32) (param $sp i32) (param $b i32) (param $c i32)
    (param $m i32) (param $k i32) (param $n i32) (param $acc i32)
    (local $i i32) (local $p i32) (local $j i32) (local $n4 i32)
    (local $crow i32) (local $brow i32) (local $s f32) (local $sv v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 2))))
      (if (i32.eqz (local.get $acc)) (then
        (memory.fill (local.get $crow) (i32.const 0) (i32.shl (local.get $n) (i32.const 2)))))
      (local.set $p (i32.const 0))
      (block $ks_done (loop $ks
        (br_if $ks_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (f32.load (i32.add (local.get $a)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $si)) (i32.mul (local.get $p) (local.get $sp))) (i32.const 2)))))
        ;; f32.ne is true for NaN, so a NaN entry still propagates.
        (if (f32.ne (local.get $s) (f32.const 0)) (then
          (local.set $sv (f32x4.splat (local.get $s)))
          (local.set $brow (i32.add (local.get $b) (i32.shl (i32.mul (local.get $p) (local.get $n)) (i32.const 2))))
          (local.set $j (i32.const 0))
          (block $vec_done (loop $vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add
                (v128.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
                (f32x4.mul (local.get $sv) (v128.load (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec)))
          (block $tail_done (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))
              (f32.add
                (f32.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
                (f32.mul (local.get $s) (f32.load (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $ks)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
  )

  ;; C[m,n] (+)= A[m,k] · B[n,k]ᵀ: dot products of contiguous rows.
  (func (export "gemmBT")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $p i32) (local $k4 i32)
    (local $arow i32) (local $brow i32) (local $cp i32) (local $sum v128) (local $s f32)
    (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $arow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $cols_done (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $brow (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 2))))
        (local.set $sum (v128.const f32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $vec_done (loop $vec
          (br_if $vec_done (i32.ge_u (local.get $p) (local.get $k4)))
          (local.set $sum (f32x4.add (local.get $sum)
            (f32x4.mul
              (v128.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2))))
              (v128.load (i32.add (local.get $brow) (i32.shl (local.get $p) (i32.const 2)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $vec)))
        (local.set $s (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
          (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum)))))
        (block $tail_done (loop $tail
          (br_if $tail_done (i32.ge_u (local.get $p) (local.get $k)))
          (local.set $s (f32.add (local.get $s)
            (f32.mul
              (f32.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2))))
              (f32.load (i32.add (local.get $brow) (i32.shl (local.get $p) (i32.const 2)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $tail)))
        (local.set $cp (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
        (if (local.get $acc)
          (then (f32.store (local.get $cp) (f32.add (f32.load (local.get $cp)) (local.get $s))))
          (else (f32.store (local.get $cp) (local.get $s))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
  )

  ;; Adam, tfjs' form: m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; w ← w − step·m / (√(v·inv2) + ε),
  ;; where the caller passes step = lr / (1 − β1ᵗ) and inv2 = 1 / (1 − β2ᵗ).
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $b1 f32) (param $b2 f32) (param $step f32) (param $inv2 f32) (param $eps f32)
    (local $j i32) (local $n4 i32) (local $off i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $j (i32.const 0))
    (block $vec_done (loop $vec
      (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
      (local.set $off (i32.shl (local.get $j) (i32.const 2)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
      (local.set $mv (f32x4.add
        (f32x4.mul (f32x4.splat (local.get $b1)) (v128.load (i32.add (local.get $m) (local.get $off))))
        (f32x4.mul (f32x4.splat (f32.sub (f32.const 1) (local.get $b1))) (local.get $gv))))
      (local.set $vv (f32x4.add
        (f32x4.mul (f32x4.splat (local.get $b2)) (v128.load (i32.add (local.get $v) (local.get $off))))
        (f32x4.mul (f32x4.splat (f32.sub (f32.const 1) (local.get $b2))) (f32x4.mul (local.get $gv) (local.get $gv)))))
      (v128.store (i32.add (local.get $m) (local.get $off)) (local.get $mv))
      (v128.store (i32.add (local.get $v) (local.get $off)) (local.get $vv))
      (v128.store (i32.add (local.get $w) (local.get $off))
        (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $off)))
          (f32x4.div
            (f32x4.mul (f32x4.splat (local.get $step)) (local.get $mv))
            (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vv) (f32x4.splat (local.get $inv2)))) (f32x4.splat (local.get $eps))))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $vec)))
    (block $tail_done (loop $tail
      (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $off (i32.shl (local.get $j) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $off))))
      (local.set $ms (f32.add (f32.mul (local.get $b1) (f32.load (i32.add (local.get $m) (local.get $off))))
        (f32.mul (f32.sub (f32.const 1) (local.get $b1)) (local.get $gs))))
      (local.set $vs (f32.add (f32.mul (local.get $b2) (f32.load (i32.add (local.get $v) (local.get $off))))
        (f32.mul (f32.sub (f32.const 1) (local.get $b2)) (f32.mul (local.get $gs) (local.get $gs)))))
      (f32.store (i32.add (local.get $m) (local.get $off)) (local.get $ms))
      (f32.store (i32.add (local.get $v) (local.get $off)) (local.get $vs))
      (f32.store (i32.add (local.get $w) (local.get $off))
        (f32.sub (f32.load (i32.add (local.get $w) (local.get $off)))
          (f32.div (f32.mul (local.get $step) (local.get $ms))
            (f32.add (f32.sqrt (f32.mul (local.get $vs) (local.get $inv2))) (local.get $eps)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $tail)))
  )
)
