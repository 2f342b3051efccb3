import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/runConfig';
import { TUTORIALS } from '../../src/scenarios';
import { TUTORIAL_IDS } from '../../src/scenarios/types';
import {
  DEFAULT_OPTIONS, QUICK_OVERRIDES, changedFromPublished, defaultSeeds, parseFidelityArgs, planRuns, resultFiles, runKey,
  type FidelityOptions,
} from './plan';

const opts = (o: Partial<FidelityOptions> = {}): FidelityOptions => ({ ...DEFAULT_OPTIONS, ...o });

describe('parseFidelityArgs', () => {
  it('defaults to every variant on the auto backend, resuming, text output, bench/results', () => {
    const { options, help, problems } = parseFidelityArgs([]);
    expect(problems).toEqual([]);
    expect(help).toBe(false);
    expect(options).toEqual(DEFAULT_OPTIONS);
    expect(options).toMatchObject({ backend: 'auto', quick: false, fresh: false, json: false, outDir: 'bench/results' });
  });

  it('reads every option, with a space or an equals sign', () => {
    const { options, problems } = parseFidelityArgs([
      '--only', 'trend, alphabet', '--seeds=3,1,3', '--backend', 'cpu', '--trainer=fused', '--quick', '--fresh', '--json', '--out', '/tmp/x',
    ]);
    expect(problems).toEqual([]);
    expect(options).toEqual({
      only: ['trend', 'alphabet'], seeds: [3, 1], backend: 'cpu', trainer: 'fused', quick: true, fresh: true, json: true, outDir: '/tmp/x',
    });
  });

  it('plans auto as the app runs it in Node: the typed trainer, on no tfjs backend', () => {
    expect(parseFidelityArgs(['--backend', 'auto']).options.backend).toBe('auto');
    const where = (backend: FidelityOptions['backend'], trainer: FidelityOptions['trainer'] = 'auto') =>
      Object.fromEntries(planRuns(opts({ only: ['alphabet', 'imdb-seq-cnn'], seeds: [1], backend, trainer })).runs.map((r) => [r.scenario, [r.backend, r.trainer]]));
    expect(where('auto')).toEqual({ alphabet: [undefined, 'typed'], 'imdb-seq-cnn': [undefined, 'typed'] });
    expect(where('auto', 'layers')).toEqual({ alphabet: ['wasm', 'layers'], 'imdb-seq-cnn': ['wasm', 'layers'] });
    expect(where('wasm')).toEqual({ alphabet: ['wasm', 'fused'], 'imdb-seq-cnn': ['wasm', 'fused'] });
    expect(where('cpu', 'fused')).toEqual({ alphabet: ['cpu', 'fused'], 'imdb-seq-cnn': ['cpu', 'fused'] });
  });

  it.each([
    [['--only', 'trend,nope'], /--only: unknown variant “nope”/],
    [['--seeds', '1,x'], /--seeds: “1,x” should be whole numbers/],
    [['--seeds', '-1'], /--seeds/],
    [['--seeds', '1.5'], /--seeds/],
    [['--backend', 'webgl'], /--backend: “webgl” should be one of auto, wasm, cpu/],
    [['--trainer', 'fast'], /--trainer: “fast” should be one of auto, typed, fused, layers/],
    [['--epochs', '3'], /Unknown option --epochs/],
    [['--only'], /--only needs a value/],
    [['trend'], /Unexpected argument “trend”/],
  ])('%j is a problem', (argv, message) => {
    const { problems } = parseFidelityArgs(argv);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('recognises --help', () => {
    expect(parseFidelityArgs(['--help']).help).toBe(true);
  });
});

describe('planRuns', () => {
  it('runs every variant in registry order: three seeds for the fast tutorials, one for IMDB', () => {
    const { runs, problems } = planRuns(opts());
    expect(problems).toEqual([]);
    const expected = TUTORIAL_IDS.flatMap((id) => (TUTORIALS[id].family === 'imdb' ? [runKey(id, 1)] : [1, 2, 3].map((n) => runKey(id, n))));
    expect(runs.map((r) => r.key)).toEqual(expected);
  });

  it('keeps --only in registry order and uses the seeds given', () => {
    const { runs } = planRuns(opts({ only: ['trend', 'alphabet'], seeds: [5, 4] }));
    expect(runs.map((r) => r.key)).toEqual(['alphabet#5', 'alphabet#4', 'trend#5', 'trend#4']);
  });

  it('one seed per variant in quick mode', () => {
    for (const id of TUTORIAL_IDS) expect(defaultSeeds(id, true)).toEqual([1]);
  });

  it.each(TUTORIAL_IDS.map((id) => [id]))('%s trains at the published hyperparameters', (id) => {
    const [run] = planRuns(opts({ only: [id], seeds: [9], backend: 'cpu', trainer: 'fused' })).runs;
    expect(run.config).toEqual({
      scenario: id,
      hp: { ...TUTORIALS[id].defaults, seed: 9, backend: 'cpu', trainer: 'fused', restoreBest: false },
    });
    expect(changedFromPublished(id, run.config.hp)).toEqual({});
  });

  it.each(TUTORIAL_IDS.map((id) => [id]))('%s quick mode applies its overrides, and they are valid', (id) => {
    const [run] = planRuns(opts({ only: [id], quick: true })).runs;
    expect(run.quick).toBe(true);
    expect(run.config.hp).toMatchObject(QUICK_OVERRIDES[id].hp);
    expect(validateConfig(run.config)).toEqual([]);
    expect(changedFromPublished(id, run.config.hp)).toEqual(
      Object.fromEntries(Object.entries(QUICK_OVERRIDES[id].hp).filter(([k, v]) => TUTORIALS[id].defaults[k as 'epochs'] !== v)),
    );
    // Quick means quick: never more epochs than the tutorial, and only a few.
    expect(run.config.hp.epochs).toBeLessThanOrEqual(5);
    expect(QUICK_OVERRIDES[id].note).not.toBe('');
  });
});

describe('resultFiles', () => {
  it('keeps quick results apart from real ones', () => {
    expect(resultFiles({ quick: false, outDir: 'bench/results' })).toEqual({
      json: 'bench/results/fidelity.json', markdown: 'bench/results/fidelity.md',
    });
    expect(resultFiles({ quick: true, outDir: '/tmp/out/' })).toEqual({
      json: '/tmp/out/fidelity-quick.json', markdown: '/tmp/out/fidelity-quick.md',
    });
  });
});
