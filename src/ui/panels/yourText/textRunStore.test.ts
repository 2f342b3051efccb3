import { describe, expect, it } from 'vitest';
import { TrainingSession } from '../../../engine/session';
import { createParseClient } from '../../../worker/parseClient';
import { charTextSource, CHAR_TEXT_DEFAULTS } from '../../../engine/charText/charTextModel';
import { sampleCorpus } from '../../../engine/charText/sampleCorpus';
import { encodeCharText } from '../../../engine/data/user/charText';
import { initialWeights } from '../../../engine/spec/initialWeights';
import { createTextRunStore, settingsProblem, TEXT_CARD_SETTINGS, type TextSource } from './textRunStore';

function store(session = new TrainingSession({
  assets: { fetchBytes: async (path) => { throw new Error(`unexpected read of ${path}`); } },
  backendEnv: { host: 'node' },
})) {
  const parse = createParseClient({ createWorker: null });
  return Object.assign(createTextRunStore({ engine: () => session, parse: () => parse }), { session });
}

const text = (name: string, content: string | Uint8Array): TextSource => ({
  name, origin: 'file', bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content,
});

const small = { seqLength: 10, step: 2, units: 12, epochs: 1, batchSize: 32, learningRate: 0.01, minCount: 1 };

describe('the text card’s run', () => {
  it('reads the text, trains, and keeps the curve, the samples after the epoch and a model to try', async () => {
    const s = store();
    s.getState().setSource({ name: 'pasted text', origin: 'paste', bytes: new TextEncoder().encode(sampleCorpus(3000)) });
    for (const [k, v] of Object.entries(small)) s.getState().setSetting(k as keyof typeof small, v);
    await s.getState().train();
    const state = s.getState();
    expect(state.problem).toBeNull();
    expect(state.phase).toBe('done');
    expect(state.result).toMatchObject({ reason: 'completed', epochsDone: 1 });
    expect(state.summary).toMatchObject({ name: 'pasted text', characters: sampleCorpus(3000).length });
    expect(state.batchLosses.length).toBe(Math.ceil(state.summary!.trainSamples / 32));
    expect(state.epochs).toHaveLength(1);
    expect(state.samples).toHaveLength(1);
    expect(state.samples[0].samples.map((g) => g.temperature)).toEqual([0.2, 0.5, 1.0]);
    const next = await state.tryNext('The fisherman mended the ');
    expect(next).toMatchObject({ kind: 'chars', input: 'ended the ' });
    // Try reads the run's last weights on this thread, and answers as the run's own model does.
    expect(state.model?.from).toEqual({ kind: 'run' });
    const own = await s.session.predict({ kind: 'chars', text: 'The fisherman mended the ' });
    if (own.kind !== 'chars' || next.kind !== 'chars') throw new Error('no answer');
    expect(next.top.map((t) => t.char)).toEqual(own.top.map((t) => t.char));
    next.top.forEach((t, i) => expect(t.p).toBeCloseTo(own.top[i].p, 5));
  });

  it('says what is wrong with a bad file in the data layer’s sentence, trains nothing, and the next good file trains', async () => {
    const s = store();
    for (const [k, v] of Object.entries(small)) s.getState().setSetting(k as keyof typeof small, v);
    s.getState().setSource(text('empty.txt', ''));
    await s.getState().train();
    expect(s.getState()).toMatchObject({ phase: 'failed', problem: expect.stringMatching(/^empty\.txt: /), epochs: [], samples: [], canTry: false });
    expect(await s.getState().tryNext('abc')).toEqual({ kind: 'invalid', message: 'Train on a text first.' });
    s.getState().setSource(text('photo.txt', Uint8Array.from({ length: 400 }, (_, i) => (i * 37) % 256)));
    await s.getState().train();
    expect(s.getState().problem).toMatch(/^photo\.txt: /);
    s.getState().setSource(text('good.txt', sampleCorpus(2000)));
    await s.getState().train();
    expect(s.getState()).toMatchObject({ phase: 'done', problem: null, canTry: true });
    expect(s.getState().samples).toHaveLength(1);
  });

  it('refuses a setting out of bounds, and Train without a text, before reading anything', async () => {
    const s = store();
    await s.getState().train();
    expect(s.getState().problem).toBe('Paste a text, drop a .txt file or take the sample text first.');
    s.getState().setSource(text('a.txt', 'some text to read'));
    s.getState().setSetting('units', 0);
    await s.getState().train();
    expect(s.getState().problem).toBe('LSTM units must be between 1 and 1024 (got 0).');
    expect(settingsProblem({ ...TEXT_CARD_SETTINGS, step: 0 })).toBe('Step must be a whole number between 1 and 1000 (got 0).');
    expect(settingsProblem({ ...TEXT_CARD_SETTINGS, minCount: 0 })).toBe('Rarest character kept must be a whole number of at least 1 (got 0).');
    expect(settingsProblem(TEXT_CARD_SETTINGS)).toBeNull();
  });

  it('folds characters rarer than the setting into one symbol, and counts them', async () => {
    const s = store();
    for (const [k, v] of Object.entries({ ...small, epochs: 1, minCount: 3 })) s.getState().setSetting(k as keyof typeof small, v);
    s.getState().setSource(text('odd.txt', `${'ab cab cba '.repeat(150)}é§é`));
    await s.getState().train();
    expect(s.getState().summary).toMatchObject({ folded: { distinct: 2, occurrences: 3 } });
    expect(s.getState().phase).toBe('done');
  });

  it('reports where reading stands while the text is read, and inspects the trained model', async () => {
    const s = store();
    const seen: string[] = [];
    s.subscribe((state) => state.progress && seen.push(state.progress.stage));
    s.getState().setSource(text('notes.txt', sampleCorpus(3000)));
    for (const [k, v] of Object.entries(small)) s.getState().setSetting(k as keyof typeof small, v);
    expect((await s.getState().inspect({ kind: 'chars', text: 'the' })).kind).toBe('invalid');
    await s.getState().train();
    expect(new Set(seen)).toEqual(new Set(['read', 'hash', 'samples']));
    const inspected = await s.getState().inspect({ kind: 'chars', text: 'the cat' });
    expect(inspected.kind).toBe('chars');
  });

  it('starts the engine as soon as a text is given, not on Train', () => {
    let prepared = 0;
    const s = createTextRunStore({ engine: () => ({ prepare: () => prepared++ }) as never, parse: () => createParseClient({ createWorker: null }) });
    s.getState().setSource(null);
    expect(prepared).toBe(0);
    s.getState().setSource(text('notes.txt', 'a text'));
    expect(prepared).toBe(1);
  });

  it('tries and inspects a loaded model until the next Train replaces it with the run’s', async () => {
    const s = store();
    const { vocabulary } = encodeCharText('abc cab bca ');
    const spec = charTextSource(vocabulary.chars.length).model({ ...CHAR_TEXT_DEFAULTS, seqLength: 4, units: 5, embeddingDim: 3 });
    s.getState().loadModel({ spec, weights: initialWeights(spec, 1), vocabulary, seqLength: 4 }, 'abc.h5');
    expect(s.getState()).toMatchObject({ canTry: true, model: { from: { kind: 'file', name: 'abc.h5' } } });
    expect(await s.getState().tryNext('ab')).toMatchObject({ kind: 'chars', input: '  ab' });
    expect(await s.getState().tryNext('xyz')).toEqual({ kind: 'invalid', message: 'Type a few characters of text: the model tells what comes next.' });
    // Look inside reads the loaded model on this thread: the window Try reads, and Try's answer as the last step's.
    const tried = await s.getState().tryNext('ab');
    const inspected = await s.getState().inspect({ kind: 'chars', text: 'ab' });
    expect(inspected).toMatchObject({ kind: 'chars', input: 'ab' });
    if (inspected.kind !== 'chars' || tried.kind !== 'chars') throw new Error('not chars');
    expect(inspected.chars.map((c) => c.char).join('')).toBe('  ab');
    expect(inspected.chars.at(-1)!.next.p).toBeCloseTo(Math.max(...tried.top.map((t) => t.p)), 5);
    for (const [k, v] of Object.entries(small)) s.getState().setSetting(k as keyof typeof small, v);
    s.getState().setSource(text('good.txt', sampleCorpus(2000)));
    // Whatever the run's speed: no state of the run in progress offers the file's model.
    const seen: (string | undefined)[] = [];
    const unsubscribe = s.subscribe((state) => state.phase === 'training' && seen.push(state.model?.from.kind));
    await s.getState().train();
    unsubscribe();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain('file');
    expect(s.getState().model?.from).toEqual({ kind: 'run' });
  });
});
