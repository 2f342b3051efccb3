;; The typed-array trainer's inner loops in WebAssembly SIMD (f32x4). Every pointer is a byte
;; offset into the imported memory; every size counts float32 elements. The scalar loops after
;; each vector loop handle sizes that are not multiples of 4. `kernels.ts` has the same kernels
;; in plain JavaScript (the fallback, and the reference the tests hold these to).
(module
  (import "env" "memory" (memory 1))

  ;; C[m,n] (+)= A·B with B [k,n] row-major and A's element (i,p) at a + 4·(i·si + p·sp), so
  ;; one kernel serves A [m,k] (si = k, sp = 1) and Aᵀ for A [k,m] (si = 1, sp = m).
  ;; Four rows of C at a time: each vector of B is loaded once for all four (B is often too big
  ;; for L1, so loads of B bound the speed), then the remaining rows one at a time. The k axis is
  ;; cut into blocks of 64 rows of B, so one block stays in L2 while every row of C uses it (for
  ;; weight gradients B is dG, thousands of rows: unblocked, it streamed from memory per row quad).
  (func (export "gemm")
    (param $a i32) (param $si i32) (param $sp i32) (param $b i32) (param $c i32)
    (param $m i32) (param $k i32) (param $n i32) (param $acc i32)
    (local $i i32) (local $p i32) (local $j i32) (local $n4 i32) (local $rowBytes i32) (local $k0 i32) (local $kEnd i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $brow i32) (local $ap i32) (local $off i32)
    (local $s0 f32) (local $s1 f32) (local $s2 f32) (local $s3 f32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $bv v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (if (i32.eqz (local.get $acc)) (then
      (memory.fill (local.get $c) (i32.const 0) (i32.mul (local.get $m) (local.get $rowBytes)))))
    (local.set $k0 (i32.const 0))
    (block $kblocks_done (loop $kblocks
    (br_if $kblocks_done (i32.ge_u (local.get $k0) (local.get $k)))
    (local.set $kEnd (select (local.get $k) (i32.add (local.get $k0) (i32.const 64))
      (i32.lt_u (local.get $k) (i32.add (local.get $k0) (i32.const 64)))))
    (local.set $i (i32.const 0))
    (block $quads_done (loop $quads
      (br_if $quads_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
      (local.set $c0 (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $c1 (i32.add (local.get $c0) (local.get $rowBytes)))
      (local.set $c2 (i32.add (local.get $c1) (local.get $rowBytes)))
      (local.set $c3 (i32.add (local.get $c2) (local.get $rowBytes)))
      (local.set $p (local.get $k0))
      (block $ks_done (loop $ks
        (br_if $ks_done (i32.ge_u (local.get $p) (local.get $kEnd)))
        ;; A's entries (i..i+3, p): rows are si apart.
        (local.set $ap (i32.add (local.get $a)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $si)) (i32.mul (local.get $p) (local.get $sp))) (i32.const 2))))
        (local.set $s0 (f32.load (local.get $ap)))
        (local.set $s1 (f32.load (i32.add (local.get $ap) (i32.shl (local.get $si) (i32.const 2)))))
        (local.set $s2 (f32.load (i32.add (local.get $ap) (i32.shl (local.get $si) (i32.const 3)))))
        (local.set $s3 (f32.load (i32.add (local.get $ap) (i32.mul (local.get $si) (i32.const 12)))))
        (local.set $v0 (f32x4.splat (local.get $s0)))
        (local.set $v1 (f32x4.splat (local.get $s1)))
        (local.set $v2 (f32x4.splat (local.get $s2)))
        (local.set $v3 (f32x4.splat (local.get $s3)))
        (local.set $brow (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (block $vec_done (loop $vec
          (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (local.set $bv (v128.load (i32.add (local.get $brow) (local.get $off))))
          (v128.store (i32.add (local.get $c0) (local.get $off))
            (f32x4.add (v128.load (i32.add (local.get $c0) (local.get $off))) (f32x4.mul (local.get $v0) (local.get $bv))))
          (v128.store (i32.add (local.get $c1) (local.get $off))
            (f32x4.add (v128.load (i32.add (local.get $c1) (local.get $off))) (f32x4.mul (local.get $v1) (local.get $bv))))
          (v128.store (i32.add (local.get $c2) (local.get $off))
            (f32x4.add (v128.load (i32.add (local.get $c2) (local.get $off))) (f32x4.mul (local.get $v2) (local.get $bv))))
          (v128.store (i32.add (local.get $c3) (local.get $off))
            (f32x4.add (v128.load (i32.add (local.get $c3) (local.get $off))) (f32x4.mul (local.get $v3) (local.get $bv))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $vec)))
        (block $tail_done (loop $tail
          (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $off (i32.shl (local.get $j) (i32.const 2)))
          (local.set $s0 (f32.load (i32.add (local.get $brow) (local.get $off))))
          (f32.store (i32.add (local.get $c0) (local.get $off))
            (f32.add (f32.load (i32.add (local.get $c0) (local.get $off))) (f32.mul (f32x4.extract_lane 0 (local.get $v0)) (local.get $s0))))
          (f32.store (i32.add (local.get $c1) (local.get $off))
            (f32.add (f32.load (i32.add (local.get $c1) (local.get $off))) (f32.mul (f32x4.extract_lane 0 (local.get $v1)) (local.get $s0))))
          (f32.store (i32.add (local.get $c2) (local.get $off))
            (f32.add (f32.load (i32.add (local.get $c2) (local.get $off))) (f32.mul (f32x4.extract_lane 0 (local.get $v2)) (local.get $s0))))
          (f32.store (i32.add (local.get $c3) (local.get $off))
            (f32.add (f32.load (i32.add (local.get $c3) (local.get $off))) (f32.mul (f32x4.extract_lane 0 (local.get $v3)) (local.get $s0))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $tail)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $ks)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $quads)))
    ;; The remaining rows (all of them when m < 4, e.g. batch 1), one at a time, zeros skipped.
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $c0 (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $p (local.get $k0))
      (block $ks1_done (loop $ks1
        (br_if $ks1_done (i32.ge_u (local.get $p) (local.get $kEnd)))
        (local.set $s0 (f32.load (i32.add (local.get $a)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $si)) (i32.mul (local.get $p) (local.get $sp))) (i32.const 2)))))
        ;; f32.ne is true for NaN, so a NaN entry still propagates.
        (if (f32.ne (local.get $s0) (f32.const 0)) (then
          (local.set $v0 (f32x4.splat (local.get $s0)))
          (local.set $brow (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $rowBytes))))
          (local.set $j (i32.const 0))
          (block $vec1_done (loop $vec1
            (br_if $vec1_done (i32.ge_u (local.get $j) (local.get $n4)))
            (local.set $off (i32.shl (local.get $j) (i32.const 2)))
            (v128.store (i32.add (local.get $c0) (local.get $off))
              (f32x4.add
                (v128.load (i32.add (local.get $c0) (local.get $off)))
                (f32x4.mul (local.get $v0) (v128.load (i32.add (local.get $brow) (local.get $off))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec1)))
          (block $tail1_done (loop $tail1
            (br_if $tail1_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $off (i32.shl (local.get $j) (i32.const 2)))
            (f32.store (i32.add (local.get $c0) (local.get $off))
              (f32.add
                (f32.load (i32.add (local.get $c0) (local.get $off)))
                (f32.mul (local.get $s0) (f32.load (i32.add (local.get $brow) (local.get $off))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $ks1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
    (local.set $k0 (local.get $kEnd))
    (br $kblocks)))
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
