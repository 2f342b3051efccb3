import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { toRelaxedSimd } from './relaxed-simd.mjs';

describe('toRelaxedSimd', () => {
  it('fuses a multiply-add with the product on either side', () => {
    expect(toRelaxedSimd('(local.set $t (f32x4.add (local.get $t) (f32x4.mul (local.get $a) (local.get $b))))')).toBe(
      '(local.set $t (f32x4.relaxed_madd (local.get $a) (local.get $b) (local.get $t)))',
    );
    expect(toRelaxedSimd('(f32x4.add (f32x4.mul (local.get $a) (v128.const f32x4 1 2 3 4)) (local.get $c))')).toBe(
      '(f32x4.relaxed_madd (local.get $a) (v128.const f32x4 1 2 3 4) (local.get $c))',
    );
  });

  it('reads operands across line breaks, as kernels.wat writes long expressions', () => {
    expect(toRelaxedSimd('(f32x4.add\n  (v128.load (local.get $c))\n  (f32x4.mul\n (local.get $v) (v128.load (local.get $b))))')).toBe(
      '(f32x4.relaxed_madd (local.get $v) (v128.load (local.get $b)) (v128.load (local.get $c)))',
    );
  });

  it('fuses every level of a nested chain and leaves other sums and differences alone', () => {
    const src = '(f32x4.add (local.get $c0) (f32x4.mul (f32x4.add (local.get $c1) (f32x4.mul (local.get $p) (local.get $r))) (local.get $r)))';
    expect(toRelaxedSimd(src)).toBe(
      '(f32x4.relaxed_madd (f32x4.relaxed_madd (local.get $p) (local.get $r) (local.get $c1)) (local.get $r) (local.get $c0))',
    );
    const plain = '(f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (local.get $c))) (f32x4.add (local.get $a) (local.get $b))';
    expect(toRelaxedSimd(plain)).toBe(plain);
  });
});
