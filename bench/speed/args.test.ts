import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT, parseSpeedArgs } from './args';
import { DEFAULT_PLAN, QUICK_PLAN } from './measure';
import { SPEED_SCENARIOS } from './models';
import { SLOW_WAITS, WAIT_IDS } from './waitTargets';

/** The waits a run times unless --slow or --waits-only names the slow ones. */
const DEFAULT_WAITS = WAIT_IDS.filter((w) => !SLOW_WAITS.includes(w));

describe('parseSpeedArgs', () => {
  it('runs everything available by default and writes the results file', () => {
    const { options, problems, help } = parseSpeedArgs([]);
    expect(problems).toEqual([]);
    expect(help).toBe(false);
    expect(options.scenarios).toEqual([...SPEED_SCENARIOS]);
    expect(options.parts).toEqual(['node', 'browser', 'torch', 'waits', 'chartext', 'bidirectional']);
    expect(options.waits).toEqual(DEFAULT_WAITS);
    expect(options.build).toBe(true);
    expect(options.partsExplicit).toBe(false);
    expect(options.plan).toEqual(DEFAULT_PLAN);
    expect(options.out).toBe(DEFAULT_OUT);
    expect(options.responsiveness).toBe(true);
  });

  it('takes tutorials in registry order, parts, backends and batches', () => {
    const { options, problems } = parseSpeedArgs(['--only', 'trend,alphabet', '--browser', '--torch', '--backends=wasm', '--batches', '2']);
    expect(problems).toEqual([]);
    expect(options.scenarios).toEqual(['alphabet', 'trend']);
    expect(options.parts).toEqual(['browser', 'torch']);
    expect(options.backends).toEqual(['wasm']);
    expect(options.plan.batches).toBe(2);
    expect(options.plan.minBatches).toBe(2);
  });

  it('quick mode: the quick plan and no results file unless asked', () => {
    expect(parseSpeedArgs(['--quick']).options).toMatchObject({ quick: true, plan: QUICK_PLAN, out: undefined });
    expect(parseSpeedArgs(['--quick', '--out', '/tmp/x.json']).options.out).toBe('/tmp/x.json');
  });

  it.each([
    [['--only', 'mnist'], /Unknown tutorial/],
    [['--backends', 'tpu'], /Unknown backend/],
    [['--batches', '0'], /--batches/],
    [['--batches'], /needs a value/],
    [['--torch-threads', '1,x'], /--torch-threads/],
    [['--cells', 'lstm,transformer'], /Unknown recurrent layer\(s\) transformer; choose from lstm, gru, simpleRnn/],
    [['--port', '70000'], /--port/],
    [['--preview-port', 'x'], /--preview-port must be a port/],
    [['--waits-only', 'first-batch,paste-1mb'], /Unknown wait\(s\) first-batch;/],
    [['--fast'], /Unknown option --fast/],
    [['--quick=yes'], /takes no value/],
    [['imdb'], /Unexpected argument/],
  ])('%j is a problem', (argv, message) => {
    expect(parseSpeedArgs(argv).problems.join(' ')).toMatch(message);
  });

  it('reads switches', () => {
    const { options } = parseSpeedArgs(['--slow', '--include-software-gpu', '--eval-full', '--no-responsiveness', '--torch-threads', '1,2,2']);
    expect(options).toMatchObject({ slow: true, includeSoftwareGpu: true, evalFull: true, responsiveness: false, torchThreads: [1, 2] });
  });

  it('reads the char-text part\'s recurrent layers, in the table\'s order', () => {
    expect(parseSpeedArgs(['--chartext', '--cells', 'simpleRnn,lstm']).options.cells).toEqual(['lstm', 'simpleRnn']);
    expect(parseSpeedArgs(['--chartext']).options.cells).toBeUndefined();
  });

  it.each([
    [['--waits'], ['waits'], DEFAULT_WAITS],
    [['--waits', '--slow'], ['waits'], [...WAIT_IDS]],
    // Naming waits runs the waits part alone, in registry order…
    [['--waits-only', 'paste-1mb,first-batch-trend'], ['waits'], ['first-batch-trend', 'paste-1mb']],
    // …unless parts are named.
    [['--node', '--waits-only', 'stop-latency'], ['node'], ['stop-latency']],
    [['--node', '--waits', '--waits-only', 'stop-latency'], ['node', 'waits'], ['stop-latency']],
  ])('%j: parts %j, waits %j', (argv, parts, waits) => {
    const { options, problems } = parseSpeedArgs(argv);
    expect(problems).toEqual([]);
    expect(options.parts).toEqual(parts);
    expect(options.waits).toEqual(waits);
  });

  it('runs the Bidirectional LSTM part alone with --bidirectional, or beside others', () => {
    expect(parseSpeedArgs(['--bidirectional']).options).toMatchObject({ parts: ['bidirectional'], partsExplicit: true });
    expect(parseSpeedArgs(['--bidirectional', '--chartext', '--torch-threads', '1']).options).toMatchObject({ parts: ['chartext', 'bidirectional'], torchThreads: [1] });
    expect(parseSpeedArgs(['--bidirectional=yes']).problems.join(' ')).toMatch(/--bidirectional takes no value/);
  });

  it('serves the build as it is with --no-build, on the preview port asked for', () => {
    expect(parseSpeedArgs(['--waits', '--no-build', '--preview-port', '4184']).options).toMatchObject({ build: false, previewPort: 4184 });
  });
});
