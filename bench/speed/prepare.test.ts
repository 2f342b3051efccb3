import { describe, expect, it } from 'vitest';
import { planPreparation, type FileFact, type PreparationFacts } from './prepare';

const at = (mtimeMs: number, size = 100): FileFact => ({ mtimeMs, size });
const NAMES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** A checkout where everything was prepared after its sources (`npm start` or a build ran). */
const prepared = (): PreparationFacts => ({
  kernelSources: [at(1), at(1), at(1)],
  kernels: at(2),
  wasm: NAMES.map((name) => ({ name, source: at(1), copy: at(2) })),
});

const scripts = (facts: PreparationFacts) => planPreparation(facts).map((s) => s.script);

describe('planPreparation', () => {
  it('runs nothing on a prepared checkout', () => {
    expect(planPreparation(prepared())).toEqual([]);
  });

  it('copies the tfjs WASM binaries on a checkout that only ran npm install', () => {
    const facts = { ...prepared(), wasm: NAMES.map((name) => ({ name, source: at(1), copy: undefined })) };
    const plan = planPreparation(facts);
    expect(plan.map((s) => s.script)).toEqual(['scripts/copy-wasm.mjs']);
    expect(plan[0].why).toBe(NAMES.map((n) => `public/tfjs-wasm/${n} is missing`).join('; '));
  });

  it('copies them again when tfjs-backend-wasm changed (another size, or newer)', () => {
    const resized = prepared();
    resized.wasm[1] = { ...resized.wasm[1], source: at(1, 999) };
    expect(scripts(resized)).toEqual(['scripts/copy-wasm.mjs']);
    const upgraded = prepared();
    upgraded.wasm[2] = { ...upgraded.wasm[2], source: at(3) };
    expect(planPreparation(upgraded)).toEqual([{ script: 'scripts/copy-wasm.mjs', why: 'public/tfjs-wasm/tfjs-backend-wasm-threaded-simd.wasm differs from tfjs-backend-wasm’s' }]);
  });

  it('builds the kernels when they are missing or older than any of their sources', () => {
    expect(planPreparation({ ...prepared(), kernels: undefined })).toEqual([{ script: 'scripts/build-kernels.mjs', why: 'the typed trainer’s compiled kernels are missing' }]);
    expect(scripts({ ...prepared(), kernelSources: [at(1), at(3), at(1)] })).toEqual(['scripts/build-kernels.mjs']);
  });

  it('does both, kernels first, on a bare checkout', () => {
    expect(scripts({ kernelSources: [at(1)], kernels: undefined, wasm: NAMES.map((name) => ({ name, source: at(1), copy: undefined })) })).toEqual([
      'scripts/build-kernels.mjs',
      'scripts/copy-wasm.mjs',
    ]);
  });
});
