;; The typed-array trainer's inner loops in WebAssembly SIMD (f32x4). Every pointer is a byte
;; offset into the imported memory; every size counts float32 elements. The scalar loops after
;; each vector loop handle sizes that are not multiples of 4. `kernels.ts` has the same kernels
;; in plain JavaScript (the fallback, and the reference the tests hold these to).
(module
  (import "env" "memory" (memory 1))

  ;; 64 × 128 + 64 × 4 floats (33 KB) of this instance's memory that `gemm` packs a panel of B and
  ;; four rows of A into, set once by `createArena` before the arena hands out anything (each arena
  ;; has its own memory, so threads never share it).
  (global $scratch (mut i32) (i32.const 0))
  (func (export "setScratch") (param $p i32) (global.set $scratch (local.get $p)))

  ;; C[m,n] (+)= A·B with B [k,n] row-major and A's element (i,p) at a + 4·(i·si + p·sp), so
  ;; one kernel serves A [m,k] (si = k, sp = 1) and Aᵀ for A [k,m] (si = 1, sp = m).
  ;; Register-blocked: a 4 × 8 tile of C stays in eight vector registers while the loop runs over
  ;; a block of k, so the inner loop only loads (two vectors of B, four entries of A) and does
  ;; arithmetic; storing C each step, as a row-at-a-time loop must, bounds it at about half the
  ;; speed (one store per cycle). Columns past the last multiple of 8 take a 4 × 4 tile and then
  ;; single columns; rows past the last multiple of 4 run one at a time (batch 1), zeros skipped.
  ;; k is cut into blocks of 64 and the columns into panels of 128; each block's panel of B is
  ;; packed tile by tile and each row quad's A block row by row into $scratch (see below).
  (func (export "gemm")
    (param $a i32) (param $si i32) (param $sp i32) (param $b i32) (param $c i32)
    (param $m i32) (param $k i32) (param $n i32) (param $acc i32)
    (local $i i32) (local $p i32) (local $j i32) (local $jb i32) (local $n4 i32)
    (local $rowBytes i32) (local $k0 i32) (local $kEnd i32) (local $s4 i32) (local $s8 i32) (local $s12 i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $brow i32) (local $ap i32) (local $off i32)
    (local $s0 f32) (local $bs f32) (local $f0 f32) (local $f1 f32) (local $f2 f32) (local $f3 f32)
    (local $pa0 i32) (local $pa1 i32) (local $pa2 i32) (local $pa3 i32) (local $spB i32) (local $bEnd i32)
    (local $j0 i32) (local $jEnd i32) (local $jEnd8 i32) (local $jEnd4 i32) (local $kb4 i32) (local $pk i32) (local $dst i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $b0 v128) (local $b1 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $t4 v128) (local $t5 v128) (local $t6 v128) (local $t7 v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $s4 (i32.shl (local.get $si) (i32.const 2)))
    (local.set $s8 (i32.shl (local.get $si) (i32.const 3)))
    (local.set $s12 (i32.mul (local.get $si) (i32.const 12)))
    (local.set $spB (i32.shl (local.get $sp) (i32.const 2)))
    (if (i32.eqz (local.get $acc)) (then
      (memory.fill (local.get $c) (i32.const 0) (i32.mul (local.get $m) (local.get $rowBytes)))))
    (local.set $k0 (i32.const 0))
    (block $kblocks_done (loop $kblocks
    (br_if $kblocks_done (i32.ge_u (local.get $k0) (local.get $k)))
    (local.set $kEnd (select (local.get $k) (i32.add (local.get $k0) (i32.const 64))
      (i32.lt_u (local.get $k) (i32.add (local.get $k0) (i32.const 64)))))
    ;; Columns in panels of 128: a panel of B's k block (64 × 128 floats, 32 KB), packed below,
    ;; then stays in L1 for every row quad. Whole rows of 512 columns (128 KB) did not: the
    ;; recurrent product [64, 128] · [128, 512] ran at 25 GFLOP/s, now 33–39 (panels of 64: 29–37).
    (local.set $j0 (i32.const 0))
    (block $panels_done (loop $panels
    (br_if $panels_done (i32.ge_u (local.get $j0) (local.get $n)))
    (local.set $jEnd (select (local.get $n) (i32.add (local.get $j0) (i32.const 128))
      (i32.lt_u (local.get $n) (i32.add (local.get $j0) (i32.const 128)))))
    (local.set $jEnd8 (i32.add (local.get $j0) (i32.and (i32.sub (local.get $jEnd) (local.get $j0)) (i32.const -8))))
    (local.set $jEnd4 (i32.add (local.get $j0) (i32.and (i32.sub (local.get $jEnd) (local.get $j0)) (i32.const -4))))
    ;; The panel's 8-column tiles of B's k block, copied to $scratch tile after tile, each a
    ;; contiguous [kb, 8] block: the tile loop then steps one pointer by a constant 32 bytes, and
    ;; B's rows, 4·n bytes apart (2 KB for n = 512, a stride that maps every row to the same few
    ;; L1 sets), no longer evict each other.
    (local.set $kb4 (i32.shl (i32.sub (local.get $kEnd) (local.get $k0)) (i32.const 5)))
    (local.set $brow (i32.add (local.get $b) (i32.add (i32.mul (local.get $k0) (local.get $rowBytes)) (i32.shl (local.get $j0) (i32.const 2)))))
    (local.set $pk (i32.const 0))
    (block $packrows_done (loop $packrows
      (br_if $packrows_done (i32.ge_u (local.get $pk) (local.get $kb4)))
      (local.set $off (i32.const 0))
      (local.set $dst (i32.add (global.get $scratch) (local.get $pk)))
      (block $packcols_done (loop $packcols
        (br_if $packcols_done (i32.ge_u (local.get $off) (i32.shl (i32.sub (local.get $jEnd8) (local.get $j0)) (i32.const 2))))
        (v128.store (local.get $dst) (v128.load (i32.add (local.get $brow) (local.get $off))))
        (v128.store offset=16 (local.get $dst) (v128.load offset=16 (i32.add (local.get $brow) (local.get $off))))
        (local.set $dst (i32.add (local.get $dst) (local.get $kb4)))
        (local.set $off (i32.add (local.get $off) (i32.const 32)))
        (br $packcols)))
      (local.set $brow (i32.add (local.get $brow) (local.get $rowBytes)))
      (local.set $pk (i32.add (local.get $pk) (i32.const 32)))
      (br $packrows)))
    (local.set $i (i32.const 0))
    (block $quads_done (loop $quads
      (br_if $quads_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
      (local.set $c0 (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $c1 (i32.add (local.get $c0) (local.get $rowBytes)))
      (local.set $c2 (i32.add (local.get $c1) (local.get $rowBytes)))
      (local.set $c3 (i32.add (local.get $c2) (local.get $rowBytes)))
      ;; The quad's four rows of A over the k block, copied to $scratch + 32 KB as [kb, 4], so the
      ;; tile loop reads them at constant offsets from one pointer (A's strides vary by call).
      (local.set $ap (i32.add (local.get $a)
        (i32.shl (i32.add (i32.mul (local.get $i) (local.get $si)) (i32.mul (local.get $k0) (local.get $sp))) (i32.const 2))))
      (local.set $dst (i32.add (global.get $scratch) (i32.const 32768)))
      (local.set $pk (i32.add (local.get $dst) (i32.shr_u (local.get $kb4) (i32.const 1))))
      (block $packa_done (loop $packa
        (br_if $packa_done (i32.ge_u (local.get $dst) (local.get $pk)))
        (f32.store offset=0 (local.get $dst) (f32.load (local.get $ap)))
        (f32.store offset=4 (local.get $dst) (f32.load (i32.add (local.get $ap) (local.get $s4))))
        (f32.store offset=8 (local.get $dst) (f32.load (i32.add (local.get $ap) (local.get $s8))))
        (f32.store offset=12 (local.get $dst) (f32.load (i32.add (local.get $ap) (local.get $s12))))
        (local.set $ap (i32.add (local.get $ap) (local.get $spB)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $packa)))
      ;; 4 × 8 tiles.
      (local.set $j (local.get $j0))
      (block $tiles8_done (loop $tiles8
        (br_if $tiles8_done (i32.ge_u (local.get $j) (local.get $jEnd8)))
        (local.set $jb (i32.shl (local.get $j) (i32.const 2)))
          (local.set $t0 (v128.load (i32.add (local.get $c0) (i32.add (local.get $jb) (i32.const 0)))))
          (local.set $t1 (v128.load (i32.add (local.get $c0) (i32.add (local.get $jb) (i32.const 16)))))
          (local.set $t2 (v128.load (i32.add (local.get $c1) (i32.add (local.get $jb) (i32.const 0)))))
          (local.set $t3 (v128.load (i32.add (local.get $c1) (i32.add (local.get $jb) (i32.const 16)))))
          (local.set $t4 (v128.load (i32.add (local.get $c2) (i32.add (local.get $jb) (i32.const 0)))))
          (local.set $t5 (v128.load (i32.add (local.get $c2) (i32.add (local.get $jb) (i32.const 16)))))
          (local.set $t6 (v128.load (i32.add (local.get $c3) (i32.add (local.get $jb) (i32.const 0)))))
          (local.set $t7 (v128.load (i32.add (local.get $c3) (i32.add (local.get $jb) (i32.const 16)))))
        ;; Pointers stepped through the packed k block: A's four entries of column p, and B's row p.
        (local.set $pa0 (i32.add (global.get $scratch) (i32.const 32768)))
        (local.set $brow (i32.add (global.get $scratch) (i32.mul (i32.shr_u (i32.sub (local.get $j) (local.get $j0)) (i32.const 3)) (local.get $kb4))))
        (local.set $bEnd (i32.add (local.get $brow) (local.get $kb4)))
        (block $k8_done (loop $k8
          (br_if $k8_done (i32.ge_u (local.get $brow) (local.get $bEnd)))
            (local.set $v0 (v128.load32_splat offset=0 (local.get $pa0)))
            (local.set $v1 (v128.load32_splat offset=4 (local.get $pa0)))
            (local.set $v2 (v128.load32_splat offset=8 (local.get $pa0)))
            (local.set $v3 (v128.load32_splat offset=12 (local.get $pa0)))
            (local.set $b0 (v128.load (local.get $brow)))
            (local.set $b1 (v128.load offset=16 (local.get $brow)))
            (local.set $t0 (f32x4.add (local.get $t0) (f32x4.mul (local.get $v0) (local.get $b0))))
            (local.set $t1 (f32x4.add (local.get $t1) (f32x4.mul (local.get $v0) (local.get $b1))))
            (local.set $t2 (f32x4.add (local.get $t2) (f32x4.mul (local.get $v1) (local.get $b0))))
            (local.set $t3 (f32x4.add (local.get $t3) (f32x4.mul (local.get $v1) (local.get $b1))))
            (local.set $t4 (f32x4.add (local.get $t4) (f32x4.mul (local.get $v2) (local.get $b0))))
            (local.set $t5 (f32x4.add (local.get $t5) (f32x4.mul (local.get $v2) (local.get $b1))))
            (local.set $t6 (f32x4.add (local.get $t6) (f32x4.mul (local.get $v3) (local.get $b0))))
            (local.set $t7 (f32x4.add (local.get $t7) (f32x4.mul (local.get $v3) (local.get $b1))))
          (local.set $pa0 (i32.add (local.get $pa0) (i32.const 16)))
          (local.set $brow (i32.add (local.get $brow) (i32.const 32)))
          (br $k8)))
          (v128.store (i32.add (local.get $c0) (i32.add (local.get $jb) (i32.const 0))) (local.get $t0))
          (v128.store (i32.add (local.get $c0) (i32.add (local.get $jb) (i32.const 16))) (local.get $t1))
          (v128.store (i32.add (local.get $c1) (i32.add (local.get $jb) (i32.const 0))) (local.get $t2))
          (v128.store (i32.add (local.get $c1) (i32.add (local.get $jb) (i32.const 16))) (local.get $t3))
          (v128.store (i32.add (local.get $c2) (i32.add (local.get $jb) (i32.const 0))) (local.get $t4))
          (v128.store (i32.add (local.get $c2) (i32.add (local.get $jb) (i32.const 16))) (local.get $t5))
          (v128.store (i32.add (local.get $c3) (i32.add (local.get $jb) (i32.const 0))) (local.get $t6))
          (v128.store (i32.add (local.get $c3) (i32.add (local.get $jb) (i32.const 16))) (local.get $t7))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $tiles8)))
      ;; A 4 × 4 tile where 4 to 7 columns remain.
      (if (i32.lt_u (local.get $j) (local.get $jEnd4)) (then
        (local.set $jb (i32.shl (local.get $j) (i32.const 2)))
          (local.set $t0 (v128.load (i32.add (local.get $c0) (local.get $jb))))
          (local.set $t1 (v128.load (i32.add (local.get $c1) (local.get $jb))))
          (local.set $t2 (v128.load (i32.add (local.get $c2) (local.get $jb))))
          (local.set $t3 (v128.load (i32.add (local.get $c3) (local.get $jb))))
        ;; Pointers stepped through the k block: A's four entries of column p, and B's row p.
        (local.set $pa0 (i32.add (local.get $a)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $si)) (i32.mul (local.get $k0) (local.get $sp))) (i32.const 2))))
        (local.set $pa1 (i32.add (local.get $pa0) (local.get $s4)))
        (local.set $pa2 (i32.add (local.get $pa0) (local.get $s8)))
        (local.set $pa3 (i32.add (local.get $pa0) (local.get $s12)))
        (local.set $brow (i32.add (local.get $b) (i32.add (i32.mul (local.get $k0) (local.get $rowBytes)) (local.get $jb))))
        (local.set $bEnd (i32.add (local.get $b) (i32.add (i32.mul (local.get $kEnd) (local.get $rowBytes)) (local.get $jb))))
        (block $k4_done (loop $k4
          (br_if $k4_done (i32.ge_u (local.get $brow) (local.get $bEnd)))
            (local.set $v0 (v128.load32_splat (local.get $pa0)))
            (local.set $v1 (v128.load32_splat (local.get $pa1)))
            (local.set $v2 (v128.load32_splat (local.get $pa2)))
            (local.set $v3 (v128.load32_splat (local.get $pa3)))
            (local.set $b0 (v128.load (local.get $brow)))
            (local.set $t0 (f32x4.add (local.get $t0) (f32x4.mul (local.get $v0) (local.get $b0))))
            (local.set $t1 (f32x4.add (local.get $t1) (f32x4.mul (local.get $v1) (local.get $b0))))
            (local.set $t2 (f32x4.add (local.get $t2) (f32x4.mul (local.get $v2) (local.get $b0))))
            (local.set $t3 (f32x4.add (local.get $t3) (f32x4.mul (local.get $v3) (local.get $b0))))
          (local.set $pa0 (i32.add (local.get $pa0) (local.get $spB)))
          (local.set $pa1 (i32.add (local.get $pa1) (local.get $spB)))
          (local.set $pa2 (i32.add (local.get $pa2) (local.get $spB)))
          (local.set $pa3 (i32.add (local.get $pa3) (local.get $spB)))
          (local.set $brow (i32.add (local.get $brow) (local.get $rowBytes)))
          (br $k4)))
          (v128.store (i32.add (local.get $c0) (local.get $jb)) (local.get $t0))
          (v128.store (i32.add (local.get $c1) (local.get $jb)) (local.get $t1))
          (v128.store (i32.add (local.get $c2) (local.get $jb)) (local.get $t2))
          (v128.store (i32.add (local.get $c3) (local.get $jb)) (local.get $t3))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))))
      ;; Single columns.
      (block $cols_done (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $j) (local.get $jEnd)))
        (local.set $jb (i32.shl (local.get $j) (i32.const 2)))
        (local.set $f0 (f32.load (i32.add (local.get $c0) (local.get $jb))))
        (local.set $f1 (f32.load (i32.add (local.get $c1) (local.get $jb))))
        (local.set $f2 (f32.load (i32.add (local.get $c2) (local.get $jb))))
        (local.set $f3 (f32.load (i32.add (local.get $c3) (local.get $jb))))
        (local.set $p (local.get $k0))
        (block $k1_done (loop $k1
          (br_if $k1_done (i32.ge_u (local.get $p) (local.get $kEnd)))
            (local.set $ap (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $si)) (i32.mul (local.get $p) (local.get $sp))) (i32.const 2))))
            (local.set $bs (f32.load (i32.add (local.get $b) (i32.add (i32.mul (local.get $p) (local.get $rowBytes)) (local.get $jb)))))
            (local.set $f0 (f32.add (local.get $f0) (f32.mul
              (f32.load (i32.add (local.get $ap) (i32.mul (local.get $si) (i32.const 0))))
              (local.get $bs))))
            (local.set $f1 (f32.add (local.get $f1) (f32.mul
              (f32.load (i32.add (local.get $ap) (i32.mul (local.get $si) (i32.const 4))))
              (local.get $bs))))
            (local.set $f2 (f32.add (local.get $f2) (f32.mul
              (f32.load (i32.add (local.get $ap) (i32.mul (local.get $si) (i32.const 8))))
              (local.get $bs))))
            (local.set $f3 (f32.add (local.get $f3) (f32.mul
              (f32.load (i32.add (local.get $ap) (i32.mul (local.get $si) (i32.const 12))))
              (local.get $bs))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $k1)))
        (f32.store (i32.add (local.get $c0) (local.get $jb)) (local.get $f0))
        (f32.store (i32.add (local.get $c1) (local.get $jb)) (local.get $f1))
        (f32.store (i32.add (local.get $c2) (local.get $jb)) (local.get $f2))
        (f32.store (i32.add (local.get $c3) (local.get $jb)) (local.get $f3))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $quads)))
    (local.set $j0 (local.get $jEnd))
    (br $panels)))
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

  ;; e^x on four lanes, float32 throughout (Cephes' expf): x clamped to [−87, 88], then
  ;; x = n·ln2 + r with n = round(x·log2 e) and |r| ≤ ln2/2 (ln2 split in two for exactness),
  ;; e^r by a degree-7 polynomial, 2^n built in the exponent bits. About 1 ulp; NaN stays NaN
  ;; (min/max propagate it), so a diverging run still shows a NaN loss.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (f32x4.min (local.get $x) (v128.const f32x4 88 88 88 88))
      (v128.const f32x4 -87 -87 -87 -87)))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))))
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.add (local.get $r) (f32x4.mul (local.get $n) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3) (f32x4.mul (local.get $p) (local.get $r))))
    (local.set $p (f32x4.add (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3) (f32x4.mul (local.get $p) (local.get $r))))
    (local.set $p (f32x4.add (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2) (f32x4.mul (local.get $p) (local.get $r))))
    (local.set $p (f32x4.add (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1) (f32x4.mul (local.get $p) (local.get $r))))
    (local.set $p (f32x4.add (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1) (f32x4.mul (local.get $p) (local.get $r))))
    (local.set $p (f32x4.add (f32x4.add (local.get $r) (v128.const f32x4 1 1 1 1))
      (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r)))))
    ;; 2^n: n + 127 in the exponent field (n is in [−126, 127] after the clamp).
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
  )

  (func $sigmoid4 (param $x v128) (result v128)
    (f32x4.div (v128.const f32x4 1 1 1 1)
      (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp4 (f32x4.neg (local.get $x)))))
  )

  ;; tanh x = 1 − 2 / (1 + e^{2x}) (branch-free, ±1 at the clamp), except for |x| < 0.625, where
  ;; that difference would cancel to a few correct bits in float32: there Cephes' odd polynomial
  ;; x + x³·p(x²). Both are computed and the lanes picked by a mask.
  (func $tanh4 (param $x v128) (result v128)
    (local $z v128) (local $p v128)
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $p (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3))
    (local.set $p (f32x4.add (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2) (f32x4.mul (local.get $p) (local.get $z))))
    (local.set $p (f32x4.add (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2) (f32x4.mul (local.get $p) (local.get $z))))
    (local.set $p (f32x4.add (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1) (f32x4.mul (local.get $p) (local.get $z))))
    (local.set $p (f32x4.add (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1) (f32x4.mul (local.get $p) (local.get $z))))
    (local.set $p (f32x4.add (local.get $x) (f32x4.mul (local.get $p) (f32x4.mul (local.get $z) (local.get $x)))))
    (v128.bitselect
      (local.get $p)
      (f32x4.sub (v128.const f32x4 1 1 1 1)
        (f32x4.div (v128.const f32x4 2 2 2 2)
          (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp4 (f32x4.add (local.get $x) (local.get $x))))))
      (f32x4.lt (f32x4.abs (local.get $x)) (v128.const f32x4 0.625 0.625 0.625 0.625)))
  )

  ;; kind 0: sigmoid, 1: tanh, 2: relu (max with 0 keeps NaN).
  (func $act4 (param $kind i32) (param $x v128) (result v128)
    (if (result v128) (i32.eqz (local.get $kind))
      (then (call $sigmoid4 (local.get $x)))
      (else (if (result v128) (i32.eq (local.get $kind) (i32.const 1))
        (then (call $tanh4 (local.get $x)))
        (else (f32x4.max (local.get $x) (v128.const f32x4 0 0 0 0))))))
  )

  ;; Activates n floats at p in place. The last n mod 4 go through lane 0 of a splat, so the
  ;; tail computes exactly what the vector loop would.
  (func $activate (param $kind i32) (param $p i32) (param $n i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vec_done (loop $vec
      (br_if $vec_done (i32.ge_u (local.get $p) (local.get $end4)))
      (v128.store (local.get $p) (call $act4 (local.get $kind) (v128.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $vec)))
    (block $tail_done (loop $tail
      (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
      (f32.store (local.get $p)
        (f32x4.extract_lane 0 (call $act4 (local.get $kind) (v128.load32_splat (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $tail)))
  )

  ;; One LSTM step's cell update for `batch` rows of `units`, as `cellForward` in
  ;; ../model/fusedLstm/math.ts with the pre-activations already summed: gates [batch, 4u]
  ;; (i, f, g, o) are activated in place (sigmoid; g by tanh or relu), then
  ;; c = f·c_prev + i·g and h = o·act(c). c may be c_prev (each unit reads before it writes).
  (func (export "lstmCell")
    (param $gates i32) (param $cPrev i32) (param $c i32) (param $h i32)
    (param $batch i32) (param $units i32) (param $relu i32)
    (local $b i32) (local $row i32) (local $uBytes i32) (local $act i32) (local $k i32) (local $u4 i32)
    (local $gi i32) (local $off i32) (local $ct v128)
    (local.set $uBytes (i32.shl (local.get $units) (i32.const 2)))
    (local.set $u4 (i32.and (local.get $units) (i32.const -4)))
    (local.set $act (select (i32.const 2) (i32.const 1) (local.get $relu)))
    (local.set $b (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $row (i32.add (local.get $gates) (i32.shl (i32.mul (local.get $b) (local.get $uBytes)) (i32.const 2))))
      (call $activate (i32.const 0) (local.get $row) (i32.shl (local.get $units) (i32.const 1)))
      (call $activate (local.get $act) (i32.add (local.get $row) (i32.shl (local.get $uBytes) (i32.const 1))) (local.get $units))
      (call $activate (i32.const 0) (i32.add (local.get $row) (i32.mul (local.get $uBytes) (i32.const 3))) (local.get $units))
      ;; c and h, four units at a time; the tail again through lane 0 (the other lanes' loads
      ;; are splats of the same float, never past the row).
      (local.set $k (i32.const 0))
      (block $units_done (loop $units
        (br_if $units_done (i32.ge_u (local.get $k) (local.get $units)))
        (local.set $gi (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $off (i32.shl (i32.add (i32.mul (local.get $b) (local.get $units)) (local.get $k)) (i32.const 2)))
        (if (i32.lt_u (local.get $k) (local.get $u4))
          (then
            (local.set $ct (f32x4.add
              (f32x4.mul (v128.load (i32.add (local.get $gi) (local.get $uBytes)))
                (v128.load (i32.add (local.get $cPrev) (local.get $off))))
              (f32x4.mul (v128.load (local.get $gi))
                (v128.load (i32.add (local.get $gi) (i32.shl (local.get $uBytes) (i32.const 1)))))))
            (v128.store (i32.add (local.get $c) (local.get $off)) (local.get $ct))
            (v128.store (i32.add (local.get $h) (local.get $off))
              (f32x4.mul (v128.load (i32.add (local.get $gi) (i32.mul (local.get $uBytes) (i32.const 3))))
                (call $act4 (local.get $act) (local.get $ct))))
            (local.set $k (i32.add (local.get $k) (i32.const 4))))
          (else
            (local.set $ct (f32x4.splat (f32.add
              (f32.mul (f32.load (i32.add (local.get $gi) (local.get $uBytes)))
                (f32.load (i32.add (local.get $cPrev) (local.get $off))))
              (f32.mul (f32.load (local.get $gi))
                (f32.load (i32.add (local.get $gi) (i32.shl (local.get $uBytes) (i32.const 1))))))))
            (f32.store (i32.add (local.get $c) (local.get $off)) (f32x4.extract_lane 0 (local.get $ct)))
            (f32.store (i32.add (local.get $h) (local.get $off))
              (f32.mul (f32.load (i32.add (local.get $gi) (i32.mul (local.get $uBytes) (i32.const 3))))
                (f32x4.extract_lane 0 (call $act4 (local.get $act) (local.get $ct)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (br $units)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows)))
  )

  ;; The backward of one LSTM step's cell for four units, as `cellBackward` in
  ;; ../model/fusedLstm/math.ts: from the activated gates (i, f, g, o), c_t, c_{t−1}, the
  ;; gradient reaching h_t and the one carried in c, the four gate pre-activation gradients and
  ;; the gradient carried to c_{t−1}.
  (func $cellBack4
    (param $ig v128) (param $fg v128) (param $gg v128) (param $og v128)
    (param $ct v128) (param $cp v128) (param $dh v128) (param $dc v128) (param $relu i32)
    (result v128 v128 v128 v128 v128)
    (local $act v128) (local $dAct v128) (local $dct v128) (local $dGg v128) (local $one v128)
    (local.set $one (v128.const f32x4 1 1 1 1))
    (if (local.get $relu)
      (then
        ;; max keeps NaN, as the reference's ct < 0 ? 0 : ct; the slope is 1 only where ct > 0.
        (local.set $act (f32x4.max (local.get $ct) (v128.const f32x4 0 0 0 0)))
        (local.set $dAct (v128.and (f32x4.gt (local.get $ct) (v128.const f32x4 0 0 0 0)) (local.get $one))))
      (else
        (local.set $act (call $tanh4 (local.get $ct)))
        (local.set $dAct (f32x4.sub (local.get $one) (f32x4.mul (local.get $act) (local.get $act))))))
    (local.set $dct (f32x4.add (local.get $dc)
      (f32x4.mul (f32x4.mul (local.get $dh) (local.get $og)) (local.get $dAct))))
    (local.set $dGg (f32x4.mul (local.get $dct) (local.get $ig)))
    (local.set $dGg (if (result v128) (local.get $relu)
      (then (v128.and (f32x4.gt (local.get $gg) (v128.const f32x4 0 0 0 0)) (local.get $dGg)))
      (else (f32x4.mul (local.get $dGg) (f32x4.sub (local.get $one) (f32x4.mul (local.get $gg) (local.get $gg)))))))
    ;; dI, dF, dG, dO, and the gradient for c_{t−1}.
    (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dct) (local.get $gg)) (local.get $ig)) (f32x4.sub (local.get $one) (local.get $ig)))
    (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dct) (local.get $cp)) (local.get $fg)) (f32x4.sub (local.get $one) (local.get $fg)))
    (local.get $dGg)
    (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dh) (local.get $act)) (local.get $og)) (f32x4.sub (local.get $one) (local.get $og)))
    (f32x4.mul (local.get $dct) (local.get $fg))
  )

  ;; `cellBackward` for `batch` rows of `units`: gates [batch, 4u] activated, cells (c_t), cPrev,
  ;; dh, dc [batch, u]; writes dG [batch, 4u] and replaces dc with the gradient for c_{t−1}.
  ;; Four units at a time, the tail through lane 0 of splats, as `lstmCell`.
  (func (export "lstmCellBackward")
    (param $gates i32) (param $cells i32) (param $cPrev i32) (param $dh i32) (param $dc i32) (param $dG i32)
    (param $batch i32) (param $units i32) (param $relu i32)
    (local $b i32) (local $k i32) (local $u4 i32) (local $uBytes i32)
    (local $gi i32) (local $di i32) (local $off i32)
    (local $dI v128) (local $dF v128) (local $dGg v128) (local $dO v128) (local $dcp v128)
    (local.set $uBytes (i32.shl (local.get $units) (i32.const 2)))
    (local.set $u4 (i32.and (local.get $units) (i32.const -4)))
    (local.set $b (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $k (i32.const 0))
      (block $units_done (loop $units
        (br_if $units_done (i32.ge_u (local.get $k) (local.get $units)))
        (local.set $gi (i32.add (local.get $gates)
          (i32.shl (i32.add (i32.mul (local.get $b) (i32.shl (local.get $units) (i32.const 2))) (local.get $k)) (i32.const 2))))
        (local.set $di (i32.add (local.get $dG)
          (i32.shl (i32.add (i32.mul (local.get $b) (i32.shl (local.get $units) (i32.const 2))) (local.get $k)) (i32.const 2))))
        (local.set $off (i32.shl (i32.add (i32.mul (local.get $b) (local.get $units)) (local.get $k)) (i32.const 2)))
        (if (i32.lt_u (local.get $k) (local.get $u4))
          (then
            (call $cellBack4
              (v128.load (local.get $gi))
              (v128.load (i32.add (local.get $gi) (local.get $uBytes)))
              (v128.load (i32.add (local.get $gi) (i32.shl (local.get $uBytes) (i32.const 1))))
              (v128.load (i32.add (local.get $gi) (i32.mul (local.get $uBytes) (i32.const 3))))
              (v128.load (i32.add (local.get $cells) (local.get $off)))
              (v128.load (i32.add (local.get $cPrev) (local.get $off)))
              (v128.load (i32.add (local.get $dh) (local.get $off)))
              (v128.load (i32.add (local.get $dc) (local.get $off)))
              (local.get $relu))
            (local.set $dcp) (local.set $dO) (local.set $dGg) (local.set $dF) (local.set $dI)
            (v128.store (local.get $di) (local.get $dI))
            (v128.store (i32.add (local.get $di) (local.get $uBytes)) (local.get $dF))
            (v128.store (i32.add (local.get $di) (i32.shl (local.get $uBytes) (i32.const 1))) (local.get $dGg))
            (v128.store (i32.add (local.get $di) (i32.mul (local.get $uBytes) (i32.const 3))) (local.get $dO))
            (v128.store (i32.add (local.get $dc) (local.get $off)) (local.get $dcp))
            (local.set $k (i32.add (local.get $k) (i32.const 4))))
          (else
            (call $cellBack4
              (v128.load32_splat (local.get $gi))
              (v128.load32_splat (i32.add (local.get $gi) (local.get $uBytes)))
              (v128.load32_splat (i32.add (local.get $gi) (i32.shl (local.get $uBytes) (i32.const 1))))
              (v128.load32_splat (i32.add (local.get $gi) (i32.mul (local.get $uBytes) (i32.const 3))))
              (v128.load32_splat (i32.add (local.get $cells) (local.get $off)))
              (v128.load32_splat (i32.add (local.get $cPrev) (local.get $off)))
              (v128.load32_splat (i32.add (local.get $dh) (local.get $off)))
              (v128.load32_splat (i32.add (local.get $dc) (local.get $off)))
              (local.get $relu))
            (local.set $dcp) (local.set $dO) (local.set $dGg) (local.set $dF) (local.set $dI)
            (f32.store (local.get $di) (f32x4.extract_lane 0 (local.get $dI)))
            (f32.store (i32.add (local.get $di) (local.get $uBytes)) (f32x4.extract_lane 0 (local.get $dF)))
            (f32.store (i32.add (local.get $di) (i32.shl (local.get $uBytes) (i32.const 1))) (f32x4.extract_lane 0 (local.get $dGg)))
            (f32.store (i32.add (local.get $di) (i32.mul (local.get $uBytes) (i32.const 3))) (f32x4.extract_lane 0 (local.get $dO)))
            (f32.store (i32.add (local.get $dc) (local.get $off)) (f32x4.extract_lane 0 (local.get $dcp)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (br $units)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows)))
  )
;; Four floats at p where `wide`, else one (lane 0 of a splat): the cells' tails, below.
  (func $ld (param $p i32) (param $wide i32) (result v128)
    (if (result v128) (local.get $wide)
      (then (v128.load (local.get $p)))
      (else (v128.load32_splat (local.get $p)))))
  (func $st (param $p i32) (param $v v128) (param $wide i32)
    (if (local.get $wide)
      (then (v128.store (local.get $p) (local.get $v)))
      (else (f32.store (local.get $p) (f32x4.extract_lane 0 (local.get $v))))))

  ;; One GRU step after its products (Keras 2, reset_after=True), as `gruCellForward` in
  ;; jsGruCell.ts: from x̂ and ĥ [batch, 3u] (column blocks z, r, h; biases included) and
  ;; h_{t−1} [batch, u], writes the activated z, r and candidate n to gates [batch, 3u] and
  ;; h_t = z·h_{t−1} + (1 − z)·n to h [batch, u]. Four units at a time, the tail one by one.
  (func (export "gruCell")
    (param $xg i32) (param $hh i32) (param $gates i32) (param $hPrev i32) (param $h i32)
    (param $batch i32) (param $units i32) (param $relu i32)
    (local $b i32) (local $k i32) (local $u4 i32) (local $uBytes i32) (local $act i32)
    (local $off i32) (local $hoff i32) (local $wide i32)
    (local $z v128) (local $r v128) (local $n v128)
    (local.set $uBytes (i32.shl (local.get $units) (i32.const 2)))
    (local.set $u4 (i32.and (local.get $units) (i32.const -4)))
    (local.set $act (select (i32.const 2) (i32.const 1) (local.get $relu)))
    (local.set $b (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $k (i32.const 0))
      (block $units_done (loop $units
        (br_if $units_done (i32.ge_u (local.get $k) (local.get $units)))
        (local.set $wide (i32.lt_u (local.get $k) (local.get $u4)))
        ;; Byte offsets: unit k of row b in the [batch, 3u] buffers (block z), and in [batch, u].
        (local.set $off (i32.add (i32.mul (local.get $b) (i32.mul (local.get $uBytes) (i32.const 3))) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $hoff (i32.shl (i32.add (i32.mul (local.get $b) (local.get $units)) (local.get $k)) (i32.const 2)))
        (local.set $z (call $sigmoid4 (f32x4.add
          (call $ld (i32.add (local.get $xg) (local.get $off)) (local.get $wide))
          (call $ld (i32.add (local.get $hh) (local.get $off)) (local.get $wide)))))
        (local.set $off (i32.add (local.get $off) (local.get $uBytes)))
        (local.set $r (call $sigmoid4 (f32x4.add
          (call $ld (i32.add (local.get $xg) (local.get $off)) (local.get $wide))
          (call $ld (i32.add (local.get $hh) (local.get $off)) (local.get $wide)))))
        (local.set $off (i32.add (local.get $off) (local.get $uBytes)))
        (local.set $n (call $act4 (local.get $act) (f32x4.add
          (call $ld (i32.add (local.get $xg) (local.get $off)) (local.get $wide))
          (f32x4.mul (local.get $r) (call $ld (i32.add (local.get $hh) (local.get $off)) (local.get $wide))))))
        (call $st (i32.add (local.get $gates) (local.get $off)) (local.get $n) (local.get $wide))
        (local.set $off (i32.sub (local.get $off) (local.get $uBytes)))
        (call $st (i32.add (local.get $gates) (local.get $off)) (local.get $r) (local.get $wide))
        (local.set $off (i32.sub (local.get $off) (local.get $uBytes)))
        (call $st (i32.add (local.get $gates) (local.get $off)) (local.get $z) (local.get $wide))
        (call $st (i32.add (local.get $h) (local.get $hoff))
          (f32x4.add
            (f32x4.mul (local.get $z) (call $ld (i32.add (local.get $hPrev) (local.get $hoff)) (local.get $wide)))
            (f32x4.mul (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $z)) (local.get $n)))
          (local.get $wide))
        (local.set $k (i32.add (local.get $k) (select (i32.const 4) (i32.const 1) (local.get $wide))))
        (br $units)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows)))
  )

  ;; The GRU step's backward, as `gruCellBackward` in jsGruCell.ts: from the activated gates,
  ;; ĥ, h_{t−1} and the gradient reaching h_t (dh, [batch, u]), writes the gradients reaching
  ;; x̂ (dXg) and ĥ (dHH) [batch, 3u], and replaces dh with the part that reaches h_{t−1}
  ;; directly (dh·z; the recurrent product's part is the caller's).
  (func (export "gruCellBackward")
    (param $gates i32) (param $hh i32) (param $hPrev i32) (param $dh i32) (param $dXg i32) (param $dHH i32)
    (param $batch i32) (param $units i32) (param $relu i32)
    (local $b i32) (local $k i32) (local $u4 i32) (local $uBytes i32)
    (local $off i32) (local $hoff i32) (local $wide i32)
    (local $z v128) (local $r v128) (local $n v128) (local $d v128) (local $one v128) (local $dAct v128)
    (local $dnPre v128) (local $dzPre v128) (local $drPre v128)
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $uBytes (i32.shl (local.get $units) (i32.const 2)))
    (local.set $u4 (i32.and (local.get $units) (i32.const -4)))
    (local.set $b (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $k (i32.const 0))
      (block $units_done (loop $units
        (br_if $units_done (i32.ge_u (local.get $k) (local.get $units)))
        (local.set $wide (i32.lt_u (local.get $k) (local.get $u4)))
        (local.set $off (i32.add (i32.mul (local.get $b) (i32.mul (local.get $uBytes) (i32.const 3))) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $hoff (i32.shl (i32.add (i32.mul (local.get $b) (local.get $units)) (local.get $k)) (i32.const 2)))
        (local.set $z (call $ld (i32.add (local.get $gates) (local.get $off)) (local.get $wide)))
        (local.set $r (call $ld (i32.add (local.get $gates) (i32.add (local.get $off) (local.get $uBytes))) (local.get $wide)))
        (local.set $n (call $ld (i32.add (local.get $gates) (i32.add (local.get $off) (i32.shl (local.get $uBytes) (i32.const 1)))) (local.get $wide)))
        (local.set $d (call $ld (i32.add (local.get $dh) (local.get $hoff)) (local.get $wide)))
        ;; act' from the candidate: tanh' = 1 − n², relu' = 1 where n > 0.
        (local.set $dAct (if (result v128) (local.get $relu)
          (then (v128.and (f32x4.gt (local.get $n) (v128.const f32x4 0 0 0 0)) (local.get $one)))
          (else (f32x4.sub (local.get $one) (f32x4.mul (local.get $n) (local.get $n))))))
        (local.set $dnPre (f32x4.mul (f32x4.mul (local.get $d) (f32x4.sub (local.get $one) (local.get $z))) (local.get $dAct)))
        (local.set $dzPre (f32x4.mul
          (f32x4.mul (local.get $d) (f32x4.sub (call $ld (i32.add (local.get $hPrev) (local.get $hoff)) (local.get $wide)) (local.get $n)))
          (f32x4.mul (local.get $z) (f32x4.sub (local.get $one) (local.get $z)))))
        (local.set $drPre (f32x4.mul
          (f32x4.mul (local.get $dnPre) (call $ld (i32.add (local.get $hh) (i32.add (local.get $off) (i32.shl (local.get $uBytes) (i32.const 1)))) (local.get $wide)))
          (f32x4.mul (local.get $r) (f32x4.sub (local.get $one) (local.get $r)))))
        (call $st (i32.add (local.get $dXg) (local.get $off)) (local.get $dzPre) (local.get $wide))
        (call $st (i32.add (local.get $dHH) (local.get $off)) (local.get $dzPre) (local.get $wide))
        (local.set $off (i32.add (local.get $off) (local.get $uBytes)))
        (call $st (i32.add (local.get $dXg) (local.get $off)) (local.get $drPre) (local.get $wide))
        (call $st (i32.add (local.get $dHH) (local.get $off)) (local.get $drPre) (local.get $wide))
        (local.set $off (i32.add (local.get $off) (local.get $uBytes)))
        (call $st (i32.add (local.get $dXg) (local.get $off)) (local.get $dnPre) (local.get $wide))
        (call $st (i32.add (local.get $dHH) (local.get $off)) (f32x4.mul (local.get $dnPre) (local.get $r)) (local.get $wide))
        (call $st (i32.add (local.get $dh) (local.get $hoff)) (f32x4.mul (local.get $d) (local.get $z)) (local.get $wide))
        (local.set $k (i32.add (local.get $k) (select (i32.const 4) (i32.const 1) (local.get $wide))))
        (br $units)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows)))
  )

  ;; SimpleRNN's step after its products, as `rnnCellForward` in jsRnnCell.ts: h = act(pre) for
  ;; n floats (tanh, or relu); h may be pre. Four at a time, the tail one by one.
  (func (export "rnnCell") (param $pre i32) (param $h i32) (param $n i32) (param $relu i32)
    (local $j i32) (local $n4 i32) (local $act i32) (local $off i32) (local $wide i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $act (select (i32.const 2) (i32.const 1) (local.get $relu)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $wide (i32.lt_u (local.get $j) (local.get $n4)))
      (local.set $off (i32.shl (local.get $j) (i32.const 2)))
      (call $st (i32.add (local.get $h) (local.get $off))
        (call $act4 (local.get $act) (call $ld (i32.add (local.get $pre) (local.get $off)) (local.get $wide)))
        (local.get $wide))
      (local.set $j (i32.add (local.get $j) (select (i32.const 4) (i32.const 1) (local.get $wide))))
      (br $each)))
  )

  ;; Its backward, as `rnnCellBackward` in jsRnnCell.ts: dPre = dh·act'(h) (tanh: 1 − h², relu:
  ;; 1 where h > 0), then dh = 0 (what reaches h_{t−1} goes through the recurrent product: the caller's).
  (func (export "rnnCellBackward") (param $h i32) (param $dh i32) (param $dPre i32) (param $n i32) (param $relu i32)
    (local $j i32) (local $n4 i32) (local $off i32) (local $wide i32) (local $y v128) (local $one v128)
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $wide (i32.lt_u (local.get $j) (local.get $n4)))
      (local.set $off (i32.shl (local.get $j) (i32.const 2)))
      (local.set $y (call $ld (i32.add (local.get $h) (local.get $off)) (local.get $wide)))
      (call $st (i32.add (local.get $dPre) (local.get $off))
        (f32x4.mul (call $ld (i32.add (local.get $dh) (local.get $off)) (local.get $wide))
          (if (result v128) (local.get $relu)
            (then (v128.and (f32x4.gt (local.get $y) (v128.const f32x4 0 0 0 0)) (local.get $one)))
            (else (f32x4.sub (local.get $one) (f32x4.mul (local.get $y) (local.get $y))))))
        (local.get $wide))
      (call $st (i32.add (local.get $dh) (local.get $off)) (v128.const f32x4 0 0 0 0) (local.get $wide))
      (local.set $j (i32.add (local.get $j) (select (i32.const 4) (i32.const 1) (local.get $wide))))
      (br $each)))
  )
)
