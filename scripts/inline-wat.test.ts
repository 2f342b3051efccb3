import wabt from 'wabt';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { inlineFunctions } from './inline-wat.mjs';

/** A module whose exported `f` calls `$sq` (through `$twice`) and `$pair` (two results). */
const MODULE = `(module
  (func $sq (param $x f32) (result f32) (local $t f32)
    ;; a comment (with parentheses) inside the body
    (local.set $t (f32.mul (local.get $x) (local.get $x)))
    (local.get $t))
  (func $twice (param $x f32) (result f32)
    (f32.add (call $sq (local.get $x)) (call $sq (local.get $x))))
  (func $pair (param $a f32) (param $b f32) (result f32 f32)
    (f32.sub (local.get $a) (local.get $b))
    (f32.add (local.get $a) (local.get $b)))
  (func (export "f") (param $x f32) (result f32) (local $y f32)
    (local.set $y (call $twice (f32.add (local.get $x) (f32.const 1))))
    (f32.mul (call $pair (local.get $y) (local.get $x))))
)`;

async function run(wat: string, x: number): Promise<number> {
  const toolkit = await wabt();
  const module = toolkit.parseWat('t.wat', wat, { multi_value: true });
  module.validate();
  const instance = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(module.toBinary({}).buffer)));
  return (instance.exports.f as (x: number) => number)(x);
}

describe('inlineFunctions', () => {
  it('replaces every call of the named functions, nested ones included, and computes the same', async () => {
    const inlined: string = inlineFunctions(MODULE, ['sq', 'twice', 'pair']);
    const exported = inlined.slice(inlined.indexOf('(func (export "f")'));
    expect(exported).not.toMatch(/\(call /);
    // Each inlined function's locals, prefixed by the chain of functions it was inlined through.
    expect(exported).toContain('(local $twice__x f32) (local $twice__sq__x f32) (local $twice__sq__t f32)');
    for (const x of [0, 1.5, -3]) expect(await run(inlined, x)).toBe(await run(MODULE, x));
  });

  it('leaves functions it was not asked to inline, and refuses a call inside its own arguments', () => {
    expect(inlineFunctions(MODULE, [])).toBe(MODULE);
    const nested = MODULE.replace('(call $twice (f32.add (local.get $x) (f32.const 1)))', '(call $sq (call $sq (local.get $x)))');
    expect(() => inlineFunctions(nested, ['sq'])).toThrow(/its own arguments/);
  });
});
