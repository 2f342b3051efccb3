import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import { DamagedEntryError, memoryRunStore, modelBytes, runsBytes, type RecordKey, type RunRecord } from './runStore';

const record = (id: string, startedAt: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  id, name: id, scenario: 'alphabet', config: defaultConfig('alphabet'), startedAt, outcome: 'completed',
  epochs: [], batches: [], batchStride: 1, hasModel: false, modelBytes: 0, ...extra,
});
/** The alphabet model's weights (LSTM kernel, recurrent kernel, bias; Dense kernel, bias), the first holding 1, 2, 3… */
function alphabetModel() {
  const config = defaultConfig('alphabet');
  const u = config.hp.units;
  const shapes = [[1, 4 * u], [u, 4 * u], [4 * u], [u, 26], [26]];
  const weights = shapes.map((shape) => ({ shape, values: new Float32Array(shape.reduce((a, d) => a * d, 1)).fill(0.1) }));
  weights[0].values.set([1, 2, 3]);
  return { config, epoch: 1, weights };
}
const model = alphabetModel();

describe('memory run store (the IndexedDB store is exercised end to end: e2e/runs.spec.ts)', () => {
  it('lists newest first, and hands out copies, as IndexedDB does', async () => {
    const store = memoryRunStore();
    await store.put(record('a', 1));
    await store.put(record('c', 3));
    await store.put(record('b', 2));
    expect((await store.list()).runs.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    const got = await store.get('a');
    got!.name = 'changed';
    expect((await store.get('a'))?.name).toBe('a');
  });

  it('keeps weights apart from the record; deleting a run deletes both, evicting weights keeps the record', async () => {
    const store = memoryRunStore();
    await store.put(record('a', 1, { hasModel: true, modelBytes: modelBytes(model) }));
    await store.putModel('a', model);
    expect(Array.from((await store.getModel('a'))!.weights[0].values.slice(0, 3))).toEqual([1, 2, 3]);
    await store.deleteModel('a');
    expect(await store.getModel('a')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    await store.putModel('a', model);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.getModel('a')).toBeUndefined();
  });

  it('counts what runs take: records as JSON, weights as float32', async () => {
    const u = model.config.hp.units;
    expect(modelBytes(model)).toBe(4 * (4 * u + 4 * u * u + 4 * u + 26 * u + 26));
    const r = record('a', 1, { modelBytes: 12 });
    expect(runsBytes([r])).toBe(JSON.stringify(r).length + 12);
    const store = memoryRunStore();
    await store.put(r);
    expect((await store.usage()).runsBytes).toBe(runsBytes([r]));
  });
});

/** A good record as the app writes it, to break one field at a time. */
const good = (id = 'good'): RunRecord => record(id, 1_700_000_000_000, {
  epochs: [{ epoch: 1, epochs: 2, loss: 1.2, acc: 0.4, seconds: 0.3 }],
  batches: [{ step: 1, loss: 1.3, smoothed: 1.3 }],
  result: { reason: 'completed', epochsDone: 1, evaluation: { set: 'train', accuracy: 0.5, loss: 1, count: 25 } },
});
const without = (key: keyof RunRecord) => {
  const r: Record<string, unknown> = { ...good('x') };
  delete r[key];
  return r;
};
const withField = (patch: Record<string, unknown>) => ({ ...good('x'), ...patch });

/** Stored values a record of ours could never be: the cases, and more of the same kinds. */
const BAD_RECORDS: [string, RecordKey, unknown, RegExp][] = [
  ['an unknown tutorial id', 'x', withField({ scenario: 'alphabet-v9' }), /scenario .*alphabet-v9.*not one of/],
  ['no epochs', 'x', without('epochs'), /epochs is missing/],
  ['startedAt as text', 'x', withField({ startedAt: '2026-01-01' }), /startedAt should be a number, not text/],
  ['name as an object', 'x', withField({ name: { first: 'a' } }), /name should be text, not an object/],
  ['only an id', 'x', { id: 'x' }, /is missing/],
  ['null', 'x', null, /is null, not an object/],
  ['a list', 'x', [1, 2, 3], /is a list, not an object/],
  ['text', 'x', 'a run', /is text, not an object/],
  ['a number key and no id', 7, { name: 'n' }, /id is missing/],
  ['an id that is not its key', 'x', good('y'), /id differs from the key/],
  ['an epoch that is text', 'x', withField({ epochs: ['one'] }), /epochs\[0\] should be an object, not text/],
  ['a loss that is text', 'x', withField({ epochs: [{ epoch: 1, epochs: 1, loss: 'low', acc: 0.5, seconds: 1 }] }), /epochs\[0\]\.loss should be a number/],
  ['a negative epoch', 'x', withField({ epochs: [{ epoch: -5, epochs: 1, loss: 1, acc: 0.5, seconds: 1 }] }), /epochs\[0\]\.epoch is -5/],
  ['an unknown outcome', 'x', withField({ outcome: 'exploded' }), /outcome is “exploded”/],
  ['a config of another tutorial', 'x', withField({ config: defaultConfig('trend') }), /config\.scenario is “trend” while the run’s tutorial is “alphabet”/],
  ['a config with an unknown tutorial', 'x', withField({ config: { scenario: 'nope', hp: {} } }), /config\.scenario is not a tutorial this app knows/],
  ['units out of bounds', 'x', withField({ config: { scenario: 'alphabet', hp: { ...defaultConfig('alphabet').hp, units: -3 } } }), /config\.hp\.units is out of bounds: LSTM units must be between/],
  ['hp as a list', 'x', withField({ config: { scenario: 'alphabet', hp: [] } }), /config\.hp should be/],
  ['a plan of garbage', 'x', withField({ plan: { candidate: 'typed' } }), /plan\.candidate is none of the forms/],
  ['a summary with text rows', 'x', withField({ summary: { rows: 'many', totalParams: 1, trainableParams: 1 } }), /summary\.rows should be a list, not text/],
  ['a result with an unknown reason', 'x', withField({ result: { reason: 'bored', epochsDone: 1 } }), /result\.reason/],
  ['a BigInt modelBytes', 'x', withField({ modelBytes: 12n }), /modelBytes should be a number, not a BigInt/],
  ['hasModel as text', 'x', withField({ hasModel: 'yes' }), /hasModel should be true or false, not text/],
  ['batches holding null', 'x', withField({ batches: [null] }), /batches\[0\] should be an object, not null/],
];

describe('stored records are checked on read: the good ones come back, the damaged ones apart, nothing throws', () => {
  it.each(BAD_RECORDS)('%s is listed as damaged, with a sentence', async (_what, key, raw, expected) => {
    const store = memoryRunStore({ records: [['good', good()], [key, raw]] });
    const { runs, damaged } = await store.list();
    expect(runs).toEqual([good()]);
    expect(damaged).toHaveLength(1);
    expect(damaged[0].key).toBe(key);
    expect(damaged[0].id).toBe(typeof key === 'string' ? key : undefined);
    expect(damaged[0].raw).toEqual(raw);
    // One sentence: starts with a capital, ends with a full stop, no line breaks.
    expect(damaged[0].problem).toMatch(/^[A-Z][^\n]*[^.]\.$/);
    expect(damaged[0].problem).toMatch(expected);
    if (typeof key === 'string') await expect(store.get(key)).rejects.toBeInstanceOf(DamagedEntryError);
    // Its size is counted without throwing, even where JSON cannot write it.
    await expect(store.usage()).resolves.toMatchObject({ runsBytes: expect.any(Number) });
    // Deleted by its key, whatever it is.
    await store.delete(key);
    expect((await store.list()).damaged).toEqual([]);
  });

  it('keeps what can be kept: a diverged run’s NaN loss, junk fields dropped, a missing hyperparameter from the tutorial’s defaults', async () => {
    const { units: _, ...olderHp } = defaultConfig('alphabet').hp;
    const nan = withField({ epochs: [{ epoch: 1, epochs: 1, loss: Number.NaN, acc: 0, seconds: 1 }], outcome: 'nan' });
    const junk = withField({ id: 'junk', junk: { deep: [1] }, config: { scenario: 'alphabet', hp: { ...olderHp, fromTheFuture: 3 } } });
    const store = memoryRunStore({ records: [['x', nan], ['junk', junk]] });
    const { runs, damaged } = await store.list();
    expect(damaged).toEqual([]);
    expect(runs.find((r) => r.id === 'x')?.epochs[0].loss).toBeNaN();
    const kept = runs.find((r) => r.id === 'junk')!;
    expect(kept).not.toHaveProperty('junk');
    expect(kept.config.hp).not.toHaveProperty('fromTheFuture');
    expect(kept.config.hp.units).toBe(defaultConfig('alphabet').hp.units);
  });

  it('a good record comes back exactly as written', async () => {
    const store = memoryRunStore();
    await store.put(good());
    expect(await store.get('good')).toEqual(good());
    expect((await store.list()).runs).toEqual([good()]);
  });
});

describe('kept models are checked on read', () => {
  const fits = alphabetModel;
  const broken = (change: (m: ReturnType<typeof fits>) => unknown) => {
    const m = fits();
    return change(m) ?? m;
  };

  it('hands back a model that fits its configuration', async () => {
    const store = memoryRunStore({ models: [['a', fits()]] });
    expect((await store.getModel('a'))?.weights).toHaveLength(5);
    expect(await store.getModel('none')).toBeUndefined();
  });

  it.each([
    ['NaN weights', broken((m) => void m.weights[1].values.fill(Number.NaN)), /weights\[1\]\.values hold NaN or infinite numbers/],
    ['Infinity weights', broken((m) => void (m.weights[4].values[0] = Infinity)), /weights\[4\]\.values hold NaN or infinite/],
    ['too few values for the shape', broken((m) => void (m.weights[0].values = new Float32Array(3))), /weights\[0\]\.values hold 3 numbers where the shape \[1, 128\] needs 128/],
    ['a plain list instead of floats', broken((m) => void ((m.weights[0] as { values: unknown }).values = [1, 2])), /weights\[0\]\.values should be a Float32Array/],
    ['a Float64Array', broken((m) => void ((m.weights[0] as { values: unknown }).values = new Float64Array(128))), /should be a Float32Array/],
    ['a weight missing', broken((m) => void m.weights.pop()), /weights do not fit its model: The weights hold 4 arrays; this model needs 5/],
    ['a shape of another model', broken((m) => void (m.weights[3] = { shape: [26, 26], values: new Float32Array(676) })), /Weight 4 has shape \[26, 26\]/],
    ['a negative dimension', broken((m) => void (m.weights[0].shape = [-1, 128])), /weights\[0\]\.shape\[0\] is -1/],
    ['no config', broken((m) => ({ ...m, config: undefined })), /config is missing/],
    ['garbage', 'weights', /is text, not an object/],
  ])('%s: refused with a sentence, never thrown as anything else', async (_what, raw, expected) => {
    const store = memoryRunStore({ models: [['a', raw]] });
    const read = store.getModel('a');
    await expect(read).rejects.toBeInstanceOf(DamagedEntryError);
    await expect(read).rejects.toThrow(expected);
  });
});
