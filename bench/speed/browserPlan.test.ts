import { describe, expect, it } from 'vitest';
import { browserRequests, itemText, remainingAfter } from './browserPlan';
import { QUICK_PLAN } from './measure';

const base = { plan: QUICK_PLAN, slow: false, evalFull: false, includeSoftwareGpu: false };

describe('browserRequests', () => {
  it('asks WASM and CPU for tfjs-layers and the typed trainer, the GPUs for both LSTMs, then the WASM thread experiments', () => {
    const { requests, skipped } = browserRequests({ ...base, scenarios: ['alphabet', 'imdb-small-vocab'], backends: ['wasm', 'webgl', 'webgpu', 'cpu'] });
    expect(requests.map((r) => r.label)).toEqual([
      'wasm', 'wasm, setThreadsCount(2)', 'wasm, setThreadsCount(2), hardwareConcurrency read as 4', 'webgl', 'webgpu',
    ]);
    // The fused LSTM has kernels for the GPUs only (src/engine/README.md): not measured on WASM.
    expect(requests[0].train).toEqual([
      { scenario: 'alphabet', impl: 'layers' }, { scenario: 'alphabet', impl: 'typed' },
      { scenario: 'imdb-small-vocab', impl: 'layers' }, { scenario: 'imdb-small-vocab', impl: 'typed' },
    ]);
    // The typed trainer uses no backend: measured once, with WASM.
    expect(requests[3].train.map((t) => t.impl)).toEqual(['layers', 'fused', 'layers', 'fused']);
    // The evaluation target is for WASM only; there the typed predictor is measured too.
    expect(requests[0].predict.map((p) => p.impl)).toEqual(['layers', 'typed']);
    expect(requests[3].predict).toEqual([]);
    expect(requests[1]).toMatchObject({ threads: 2, train: [{ scenario: 'imdb-small-vocab', impl: 'layers' }] });
    expect(requests[2]).toMatchObject({ threads: 2, spoofHardwareConcurrency: 4 });
    expect(skipped).toEqual([]);
  });

  it('leaves slow combinations out unless --slow, and passes the software-GPU choice on', () => {
    const slow = browserRequests({ ...base, scenarios: ['imdb-seq'], backends: ['webgl'] });
    expect(slow.requests[0].train).toEqual([{ scenario: 'imdb-seq', impl: 'fused' }]);
    expect(slow.skipped).toMatchObject([{ backend: 'webgl', scenario: 'imdb-seq', impl: 'layers' }]);
    const forced = browserRequests({ ...base, slow: true, includeSoftwareGpu: true, scenarios: ['imdb-seq'], backends: ['webgl', 'webgpu'] });
    expect(forced.requests[0].train).toHaveLength(2);
    expect(forced.requests[1].allowFallbackAdapter).toBe(true);
  });
});

describe('remainingAfter', () => {
  const request = browserRequests({ ...base, scenarios: ['alphabet', 'imdb-small-vocab'], backends: ['wasm'] }).requests[0];

  it('drops the training measurements up to the one that hung', () => {
    const rest = remainingAfter(request, { phase: 'train', index: 1 });
    expect(rest.train).toEqual(request.train.slice(2));
    expect(rest.predict).toEqual(request.predict);
    expect(itemText(request, { phase: 'train', index: 1 })).toBe('alphabet typed');
  });

  it('after a hung prediction keeps only the later predictions', () => {
    const rest = remainingAfter(request, { phase: 'predict', index: 0 });
    expect(rest.train).toEqual([]);
    expect(rest.predict).toEqual([{ scenario: 'imdb-small-vocab', impl: 'typed' }]);
    expect(itemText(request, { phase: 'predict', index: 0 })).toBe('predict imdb-small-vocab layers');
  });
});
