/**
 * What the fidelity harness trains: which tutorial variants, with which seeds and hyperparameters.
 * Pure (no tfjs, no fs), so the plan, the argument parser and the quick-mode table are unit-tested
 * without training anything.
 *
 * A fidelity run is the tutorial's published hyperparameters (the scenario's `defaults`), changed
 * only where the harness must: the seed, the backend (auto by default: the app's plan, which in
 * Node, without a GPU, is the typed trainer), optionally the trainer (all trainers have Keras'
 * maths; only speed differs), and `restoreBest` off so the final epoch
 * is what gets compared, as in the tutorials. `--quick` applies `QUICK_OVERRIDES` on top.
 */
import { HYPERPARAMS, TRAINER_CHOICES, checkValue, type HyperParams, type TrainerChoice, type TrainerKind } from '../../src/config/hyperparams';
import { validateConfig, type RunConfig } from '../../src/config/runConfig';
import { SCENARIOS, TUTORIALS, isTutorialId } from '../../src/scenarios';
import { TUTORIAL_IDS, type TutorialId } from '../../src/scenarios/types';
import { candidatesFor } from '../../src/engine/plan/plan';

/** Backends the harness runs on in Node. `auto` is the app's plan there (no WebGPU or WebGL in Node). */
export const FIDELITY_BACKENDS = ['auto', 'wasm', 'cpu'] as const;
export type FidelityBackend = (typeof FIDELITY_BACKENDS)[number];

/**
 * A variant passes when its accuracy is at least the published figure minus this much
 * (a fraction: 0.015 = 1.5 percentage points).
 */
export const TARGET_TOLERANCE = 0.015;

/** Where results go unless `--out` says otherwise (relative to the repository root). */
export const DEFAULT_OUT_DIR = 'bench/results';

export interface FidelityOptions {
  /** Variants to run, in registry order; all of them when absent. */
  only?: TutorialId[];
  /** Seeds to run each variant with; `defaultSeeds` per variant when absent. */
  seeds?: number[];
  backend: FidelityBackend;
  /** Trainer for every variant; the scenario's default when absent. */
  trainer?: TrainerChoice;
  /** Smoke run: `QUICK_OVERRIDES`, a separate results file, no verdicts. */
  quick: boolean;
  /** Drop the saved results of the planned runs and train them again (other variants' stay). */
  fresh: boolean;
  /** Print JSON lines instead of text. */
  json: boolean;
  /** Folder for the results files. */
  outDir: string;
}

export const DEFAULT_OPTIONS: FidelityOptions = {
  backend: 'auto',
  quick: false,
  fresh: false,
  json: false,
  outDir: DEFAULT_OUT_DIR,
};

/** Hyperparameters a quick run changes, and one sentence on what that means for the figures. */
export interface QuickOverride {
  hp: Partial<HyperParams>;
  note: string;
}

/**
 * Quick-mode sizes: small enough that all four generated tutorials plus one IMDB variant train in
 * a few seconds each on a 2-core machine, large enough that the loss visibly falls. Several raise
 * the batch size (fewer, cheaper steps); none of these numbers says anything about fidelity.
 */
export const QUICK_OVERRIDES: { readonly [K in TutorialId]: QuickOverride } = {
  alphabet: { hp: { samples: 200, epochs: 3, batchSize: 8 }, note: '200 samples, 3 epochs, batch size 8 (tutorial: 1000, 500, 1).' },
  'alphabet-stateful': { hp: { epochs: 5 }, note: '5 epochs (tutorial: 300); batch size stays 1, as a stateful model needs.' },
  trend: { hp: { samples: 300, epochs: 5, batchSize: 16 }, note: '300 samples, 5 epochs, batch size 16 (tutorial: 1000, 200, 64).' },
  'trend-two-features': {
    hp: { samples: 300, epochs: 5, batchSize: 16 },
    note: '300 samples, 5 epochs, batch size 16 (tutorial: 1000, 200, 64).',
  },
  'imdb-small-vocab': {
    hp: { trainSubset: 128, epochs: 2, seqLength: 40 },
    note: '128 training and 128 test reviews, 2 epochs, reviews cut to 40 words (tutorial: 25,000 each, 15, 80).',
  },
  'imdb-seq': {
    hp: { trainSubset: 128, epochs: 2, seqLength: 100 },
    note: '128 training and 128 test reviews, 2 epochs, reviews cut to 100 words (tutorial: 25,000 each, 3, 500).',
  },
  'imdb-seq-dropout': {
    hp: { trainSubset: 128, epochs: 2, seqLength: 100 },
    note: '128 training and 128 test reviews, 2 epochs, reviews cut to 100 words (tutorial: 25,000 each, 3, 500).',
  },
  'imdb-seq-lstm-dropout': {
    hp: { trainSubset: 128, epochs: 2, seqLength: 100 },
    note: '128 training and 128 test reviews, 2 epochs, reviews cut to 100 words (tutorial: 25,000 each, 3, 500).',
  },
  'imdb-seq-cnn': {
    hp: { trainSubset: 128, epochs: 2, seqLength: 100 },
    note: '128 training and 128 test reviews, 2 epochs, reviews cut to 100 words (tutorial: 25,000 each, 3, 500).',
  },
};

/**
 * Seeds when `--seeds` is not given: three for the tutorials that train in minutes, so the table
 * shows seed-to-seed spread; one for IMDB, whose runs take hours with the reference LSTM; one for
 * every quick (smoke) run.
 */
export function defaultSeeds(id: TutorialId, quick: boolean): number[] {
  if (quick) return [1];
  return TUTORIALS[id].family === 'imdb' ? [1] : [1, 2, 3];
}

/** One (variant, seed) training run. */
export interface PlannedRun {
  /** `scenario#seed`: what the results file is keyed by. */
  key: string;
  scenario: TutorialId;
  seed: number;
  quick: boolean;
  config: RunConfig;
  /** The tfjs backend that will run it in Node (auto selects WASM there); none for the typed trainer. */
  backend?: Exclude<FidelityBackend, 'auto'>;
  /** Which trainer the session's plan picks for it there. */
  trainer: TrainerKind;
}

export const runKey = (scenario: TutorialId, seed: number): string => `${scenario}#${seed}`;

/** The hyperparameters one run trains with: published defaults, then quick overrides, then the harness' choices. */
export function runHyperParams(id: TutorialId, seed: number, options: FidelityOptions): HyperParams {
  const defaults = TUTORIALS[id].defaults;
  return {
    ...defaults,
    ...(options.quick ? QUICK_OVERRIDES[id].hp : {}),
    seed,
    backend: options.backend,
    trainer: options.trainer ?? defaults.trainer,
    restoreBest: false,
  };
}

/**
 * The trainer and backend a run gets in Node, from the app's own plan: Node has no GPU, so there
 * is one candidate and nothing to time (helper threads change the thread count, not the trainer).
 */
export function whereItRuns(config: RunConfig): Pick<PlannedRun, 'backend' | 'trainer'> {
  const { hp } = config;
  const [candidate] = candidatesFor(SCENARIOS[config.scenario].model(hp), hp, { gpus: [], helpers: 0, kernels: 'js', key: 'node' }).candidates;
  if (candidate.trainer === 'typed') return { trainer: 'typed' };
  return { trainer: candidate.trainer, backend: candidate.backend === 'cpu' ? 'cpu' : 'wasm' };
}

/** Every run the options ask for, variants in registry order and seeds in the order given. */
export function planRuns(options: FidelityOptions): { runs: PlannedRun[]; problems: string[] } {
  const ids = TUTORIAL_IDS.filter((id) => !options.only || options.only.includes(id));
  const runs: PlannedRun[] = [];
  const problems: string[] = [];
  for (const scenario of ids) {
    for (const seed of options.seeds ?? defaultSeeds(scenario, options.quick)) {
      const config: RunConfig = { scenario, hp: runHyperParams(scenario, seed, options) };
      const bad = validateConfig(config);
      if (bad.length) problems.push(`${runKey(scenario, seed)}: ${bad.map((p) => p.message).join(' ')}`);
      else runs.push({ key: runKey(scenario, seed), scenario, seed, quick: options.quick, config, ...whereItRuns(config) });
    }
  }
  return { runs, problems };
}

/** Hyperparameters of `hp` that differ from the tutorial's published ones, harness choices aside. */
export function changedFromPublished(id: TutorialId, hp: HyperParams): Partial<HyperParams> {
  const harness = new Set<keyof HyperParams>(['seed', 'backend', 'trainer', 'restoreBest']);
  const defaults = TUTORIALS[id].defaults;
  const changed: Partial<HyperParams> = {};
  for (const key of Object.keys(defaults) as (keyof HyperParams)[]) {
    if (!harness.has(key) && hp[key] !== defaults[key]) (changed as Record<string, unknown>)[key] = hp[key];
  }
  return changed;
}

export const USAGE = `Usage: npm run bench:fidelity -- [options]
Trains each tutorial variant at its published hyperparameters with the app's engine and compares
the result with the published figure. Results: <out>/fidelity.json and fidelity.md (quick mode:
fidelity-quick.json and fidelity-quick.md). Finished (variant, seed) runs are saved at once and
skipped on the next run; Ctrl-C stops the current run cleanly (for a clean stop rather than
tsx's kill, run it as: node --import tsx bench/fidelity.ts [options]).

  --only <id,id>        variants to run (default: all): ${TUTORIAL_IDS.join(', ')}
  --seeds <n,n>         seeds per variant (default: 1,2,3 for alphabet and trend, 1 for IMDB)
  --backend <b>         auto | wasm | cpu (default auto: the app's plan, in Node our CPU
                        trainer; wasm/cpu: TensorFlow.js on that backend)
  --trainer <t>         ${TRAINER_CHOICES.join(' | ')} (default: each tutorial's default)
  --quick               smoke run: few epochs, small data, separate results file, no verdicts
  --fresh               drop the saved results of the runs asked for and train them again
  --out <dir>           results folder (default: ${DEFAULT_OUT_DIR})
  --json                JSON lines on stdout instead of text
  --help                this text`;

const SWITCHES = ['quick', 'fresh', 'json', 'help'] as const;
const VALUED = ['only', 'seeds', 'backend', 'trainer', 'out'] as const;

export interface ParsedFidelityArgs {
  options: FidelityOptions;
  help: boolean;
  problems: string[];
}

/** Splits "a, b,,c" into ["a", "b", "c"]. */
const list = (raw: string): string[] => raw.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** `--flag value` / `--flag=value` arguments → options, with a sentence for everything wrong. */
export function parseFidelityArgs(argv: readonly string[]): ParsedFidelityArgs {
  const options: FidelityOptions = { ...DEFAULT_OPTIONS };
  const problems: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      problems.push(`Unexpected argument “${arg}”.`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (name === 'help') help = true;
      else options[name as Exclude<(typeof SWITCHES)[number], 'help'>] = true;
      continue;
    }
    if (!(VALUED as readonly string[]).includes(name)) {
      problems.push(`Unknown option --${name}.`);
      // Its value, if it has one, is part of the same mistake, not a second one.
      if (eq < 0 && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) i++;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) {
      problems.push(`--${name} needs a value.`);
      continue;
    }
    switch (name as (typeof VALUED)[number]) {
      case 'only': {
        const ids = list(value);
        const unknown = ids.filter((id) => !isTutorialId(id));
        if (unknown.length || ids.length === 0) {
          problems.push(`--only: unknown variant ${unknown.map((u) => `“${u}”`).join(', ') || '(none given)'}; choose from ${TUTORIAL_IDS.join(', ')}.`);
        } else options.only = ids.filter(isTutorialId);
        break;
      }
      case 'seeds': {
        const raw = list(value);
        const seeds = raw.map(Number);
        const bad = raw.filter((s, k) => !/^\d+$/.test(s) || checkValue('seed', seeds[k]) !== undefined);
        if (bad.length || seeds.length === 0) {
          const { min, max } = HYPERPARAMS.seed;
          problems.push(`--seeds: “${value}” should be whole numbers from ${min} to ${max}, separated by commas.`);
        } else options.seeds = [...new Set(seeds)];
        break;
      }
      case 'backend':
        if ((FIDELITY_BACKENDS as readonly string[]).includes(value)) {
          options.backend = value as FidelityOptions['backend'];
        } else problems.push(`--backend: “${value}” should be one of ${FIDELITY_BACKENDS.join(', ')}.`);
        break;
      case 'trainer':
        if ((TRAINER_CHOICES as readonly string[]).includes(value)) options.trainer = value as TrainerChoice;
        else problems.push(`--trainer: “${value}” should be one of ${TRAINER_CHOICES.join(', ')}.`);
        break;
      case 'out':
        options.outDir = value;
        break;
    }
  }
  return { options, help, problems };
}

/** The results file names for a mode: quick runs never overwrite real results. */
export function resultFiles(options: Pick<FidelityOptions, 'quick' | 'outDir'>): { json: string; markdown: string } {
  const base = `${options.outDir.replace(/\/+$/, '')}/${options.quick ? 'fidelity-quick' : 'fidelity'}`;
  return { json: `${base}.json`, markdown: `${base}.md` };
}
