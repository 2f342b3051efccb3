import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import { memoryRunStore, modelBytes, runsBytes, type RunRecord } from './runStore';

const record = (id: string, startedAt: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  id, name: id, scenario: 'alphabet', config: defaultConfig('alphabet'), startedAt, outcome: 'completed',
  epochs: [], batches: [], batchStride: 1, hasModel: false, modelBytes: 0, ...extra,
});
const model = { config: defaultConfig('alphabet'), epoch: 1, weights: [{ shape: [3], values: new Float32Array([1, 2, 3]) }] };

describe('memory run store (the IndexedDB store is exercised end to end: e2e/runs.spec.ts)', () => {
  it('lists newest first, and hands out copies, as IndexedDB does', async () => {
    const store = memoryRunStore();
    await store.put(record('a', 1));
    await store.put(record('c', 3));
    await store.put(record('b', 2));
    expect((await store.list()).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    const got = await store.get('a');
    got!.name = 'changed';
    expect((await store.get('a'))?.name).toBe('a');
  });

  it('keeps weights apart from the record; deleting a run deletes both, evicting weights keeps the record', async () => {
    const store = memoryRunStore();
    await store.put(record('a', 1, { hasModel: true, modelBytes: modelBytes(model) }));
    await store.putModel('a', model);
    expect(Array.from((await store.getModel('a'))!.weights[0].values)).toEqual([1, 2, 3]);
    await store.deleteModel('a');
    expect(await store.getModel('a')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    await store.putModel('a', model);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.getModel('a')).toBeUndefined();
  });

  it('counts what runs take: records as JSON, weights as float32', async () => {
    expect(modelBytes(model)).toBe(12);
    const r = record('a', 1, { modelBytes: 12 });
    expect(runsBytes([r])).toBe(JSON.stringify(r).length + 12);
    const store = memoryRunStore();
    await store.put(r);
    expect((await store.usage()).runsBytes).toBe(runsBytes([r]));
  });
});
