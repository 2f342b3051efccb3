/**
 * `npm run bench:speed` options: parsed into a typed plan, every problem reported in a sentence.
 * Pure, so the parser is unit-tested.
 */
import { CELL_CHOICES, type CellChoice } from '../../src/config/hyperparams';
import { DEFAULT_PLAN, QUICK_PLAN, type TimingPlan } from './measure';
import { isSpeedScenario, SPEED_SCENARIOS, type SpeedBackend, type SpeedScenario } from './models';
import { isWaitId, SLOW_WAITS, WAIT_IDS, type WaitId } from './waitTargets';

export const PARTS = ['node', 'browser', 'torch', 'waits', 'chartext', 'bidirectional'] as const;
export type Part = (typeof PARTS)[number];
const BACKENDS: readonly SpeedBackend[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

export const DEFAULT_OUT = 'bench/results/speed.json';
export const DEFAULT_PORT = 5190;
export const DEFAULT_PREVIEW_PORT = 5191;

export interface SpeedOptions {
  scenarios: SpeedScenario[];
  /** Parts asked for; all that are available when none is named. */
  parts: Part[];
  /** Whether `parts` was given explicitly (then a missing part is an error, not a skip). */
  partsExplicit: boolean;
  backends: SpeedBackend[];
  plan: TimingPlan;
  quick: boolean;
  slow: boolean;
  includeSoftwareGpu: boolean;
  evalFull: boolean;
  responsiveness: boolean;
  /** PyTorch thread counts; by default 1 and the WASM thread count measured in the browser. */
  torchThreads?: number[];
  /** The char-text part's recurrent layers (all by default). */
  cells?: CellChoice[];
  port: number;
  /** The waits to measure (waits part). */
  waits: WaitId[];
  /** Build the app before the waits part (else serve dist/ as it is). */
  build: boolean;
  /** Port for `vite preview` of the production build (waits part). */
  previewPort: number;
  /** Results file; undefined in quick mode unless --out is given. */
  out?: string;
}

export const USAGE = `Usage: npm run bench:speed -- [options]

Times every tutorial model (${SPEED_SCENARIOS.join(', ')}) with tfjs-layers' LSTM, our fused
LSTM and (for the models it takes) the typed trainer side by side: in Node (wasm, cpu), in headless Chromium in a module worker (wasm, webgl;
webgpu only on a real adapter unless --include-software-gpu), and in PyTorch as the native
reference. Also times evaluating the 25,000 IMDB test reviews and the app's main-thread
responsiveness while it trains, and what a user waits for in the app itself (the production build:
first batch, whole tutorials, a prediction while training, Stop, a 1 MB paste). stdout: JSON lines
(one per measurement, then a summary object); stderr: progress and the tables. Results: ${DEFAULT_OUT}.

  --only a,b               tutorials to measure (default: all)
  --node --browser --torch --waits
                           parts to run (default: all that are available here); --waits alone
                           times the app's waits (a few minutes)
  --chartext               the character model on a 1 MB text, one epoch: ours (Node, typed trainer)
                           against PyTorch with the same threads (issue #20)
  --bidirectional          the short-reviews card's Bidirectional(LSTM(64)) on batches of 32 × 31 and
                           × 209 steps: ours (Node, typed trainer) against PyTorch's
                           nn.LSTM(bidirectional=True) with the same threads (issue #21, ~2 min)
  --waits-only a,b         waits to time, and the waits part alone unless parts are named
                           (default: all: ${WAIT_IDS.join(', ')})
  --no-build               serve dist/ as it is instead of running npm run build before the waits
  --backends wasm,cpu,...  backends to measure (default: wasm,cpu,webgl,webgpu)
  --batches N              most timed batches per measurement (default ${DEFAULT_PLAN.batches}; at least ${DEFAULT_PLAN.minBatches},
                           at most ~${DEFAULT_PLAN.maxSeconds} s of timed batches each, after warm-up)
  --quick                  smoke run: ${QUICK_PLAN.warmup} warm-up + ${QUICK_PLAN.batches} timed batches, short responsiveness run;
                           writes no results file unless --out is given
  --slow                   also run combinations skipped as too slow (tfjs-layers over 500 steps on cpu/webgl),
                           and the waits of many minutes (${SLOW_WAITS.join(', ')})
  --include-software-gpu   measure WebGPU even on a software (fallback) adapter
  --eval-full              also time one real predict over all 25,000 reviews
  --no-responsiveness      skip the app responsiveness runs
  --cells lstm,gru,...     the char-text part's recurrent layers (default: ${CELL_CHOICES.join(', ')})
  --torch-threads 1,2      PyTorch thread counts (default: 1 and the browser's WASM thread count)
  --port N                 port for the benchmark's Vite dev server (default ${DEFAULT_PORT})
  --preview-port N         port for vite preview of the build, waits part (default ${DEFAULT_PREVIEW_PORT})
  --out FILE               results file (default ${DEFAULT_OUT})
  --help`;

const SWITCHES = new Set(['node', 'browser', 'torch', 'waits', 'chartext', 'bidirectional', 'quick', 'slow', 'include-software-gpu', 'eval-full', 'no-responsiveness', 'no-build', 'help']);
const VALUED = new Set(['only', 'backends', 'batches', 'cells', 'torch-threads', 'port', 'preview-port', 'waits-only', 'out']);

function positiveInt(raw: string): number | undefined {
  return /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

export function parseSpeedArgs(argv: readonly string[]): { options: SpeedOptions; help: boolean; problems: string[] } {
  const problems: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      problems.push(`Unexpected argument “${arg}”.`);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (SWITCHES.has(name)) {
      if (inline !== undefined) problems.push(`--${name} takes no value.`);
      flags.add(name);
    } else if (VALUED.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) problems.push(`--${name} needs a value.`);
      else values.set(name, value);
    } else {
      problems.push(`Unknown option --${name}.`);
    }
  }

  const list = (name: string): string[] | undefined => values.get(name)?.split(',').map((s) => s.trim()).filter(Boolean);

  let scenarios: SpeedScenario[] = [...SPEED_SCENARIOS];
  const only = list('only');
  if (only) {
    const bad = only.filter((s) => !isSpeedScenario(s));
    if (bad.length) problems.push(`Unknown tutorial(s) ${bad.join(', ')}; choose from ${SPEED_SCENARIOS.join(', ')}.`);
    // Registry order, whatever order they were given in.
    scenarios = SPEED_SCENARIOS.filter((s) => only.includes(s));
  }

  let backends: SpeedBackend[] = [...BACKENDS];
  const wanted = list('backends');
  if (wanted) {
    const bad = wanted.filter((b) => !(BACKENDS as readonly string[]).includes(b));
    if (bad.length) problems.push(`Unknown backend(s) ${bad.join(', ')}; choose from ${BACKENDS.join(', ')}.`);
    backends = BACKENDS.filter((b) => wanted.includes(b));
  }

  const quick = flags.has('quick');
  const plan: TimingPlan = { ...(quick ? QUICK_PLAN : DEFAULT_PLAN) };
  const batches = values.get('batches');
  if (batches !== undefined) {
    const n = positiveInt(batches);
    if (n === undefined) problems.push(`--batches must be a whole number above 0 (got “${batches}”).`);
    else {
      plan.batches = n;
      plan.minBatches = Math.min(plan.minBatches, n);
    }
  }

  let torchThreads: number[] | undefined;
  const threads = list('torch-threads');
  if (threads) {
    const parsed = threads.map(positiveInt);
    if (parsed.some((n) => n === undefined)) problems.push(`--torch-threads must be whole numbers above 0 (got “${values.get('torch-threads')}”).`);
    else torchThreads = [...new Set(parsed as number[])];
  }

  let cells: CellChoice[] | undefined;
  const cellList = list('cells');
  if (cellList) {
    const bad = cellList.filter((c) => !(CELL_CHOICES as readonly string[]).includes(c));
    if (bad.length) problems.push(`Unknown recurrent layer(s) ${bad.join(', ')}; choose from ${CELL_CHOICES.join(', ')}.`);
    else cells = CELL_CHOICES.filter((c) => cellList.includes(c));
  }

  const portOf = (name: string, fallback: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = positiveInt(raw);
    if (n !== undefined && n <= 65535) return n;
    problems.push(`--${name} must be a port number (got “${raw}”).`);
    return fallback;
  };
  const port = portOf('port', DEFAULT_PORT);
  const previewPort = portOf('preview-port', DEFAULT_PREVIEW_PORT);

  // A wait of many minutes (the short-reviews card's whole run) only when named or with --slow.
  let waits: WaitId[] = WAIT_IDS.filter((w) => flags.has('slow') || !SLOW_WAITS.includes(w));
  const onlyWaits = list('waits-only');
  if (onlyWaits) {
    const bad = onlyWaits.filter((w) => !isWaitId(w));
    if (bad.length) problems.push(`Unknown wait(s) ${bad.join(', ')}; choose from ${WAIT_IDS.join(', ')}.`);
    waits = WAIT_IDS.filter((w) => onlyWaits.includes(w));
  }

  // Naming waits implies the waits part when no part is named.
  const named = PARTS.filter((p) => flags.has(p) || (p === 'waits' && onlyWaits !== undefined && !PARTS.some((q) => flags.has(q))));
  return {
    options: {
      scenarios,
      parts: named.length ? named : [...PARTS],
      partsExplicit: named.length > 0,
      backends,
      plan,
      quick,
      slow: flags.has('slow'),
      includeSoftwareGpu: flags.has('include-software-gpu'),
      evalFull: flags.has('eval-full'),
      responsiveness: !flags.has('no-responsiveness'),
      torchThreads,
      cells,
      port,
      waits,
      build: !flags.has('no-build'),
      previewPort,
      out: values.get('out') ?? (quick ? undefined : DEFAULT_OUT),
    },
    help: flags.has('help'),
    problems,
  };
}
