/**
 * The human report: Markdown tables built from the records (so they paste into an issue as they
 * are). Pure: records in, text out.
 */
import { appImpl, EVAL_SCENARIO, SPEED_SCENARIOS, speedCase, type BenchImpl, type SpeedScenario } from './models';
import type {
  EnvironmentRecord, PredictRecord, ResponsivenessRecord, SkipRecord, SpeedRecord, TorchPredictRecord, TorchRecord, TrainRecord,
} from './records';
import type { Summary } from './stats';
import { evaluateTargets, verdictText } from './targets';

/** A number with about three significant figures: 1234, 123, 12.3, 1.23, 0.123. */
export function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** "12.3 (11.0–15.2)": median and p10–p90. */
export function spreadText(s: Summary | undefined): string {
  return s ? `${fmt(s.median)} (${fmt(s.p10)}–${fmt(s.p90)})` : '–';
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "browser wasm (1 thr)", "node cpu", "browser wasm, setThreadsCount(2) (1 thr)". */
export function whereText(r: Pick<TrainRecord, 'env' | 'backend' | 'threads' | 'variant'>): string {
  const name = r.variant ?? r.backend;
  return `${r.env} ${name}${r.threads !== undefined ? ` (${r.threads} thr)` : ''}`;
}

/** Rows grouped by (scenario, where), the implementations side by side, and their ratios. */
export interface TrainRow {
  scenario: SpeedScenario;
  where: string;
  layers?: TrainRecord;
  fused?: TrainRecord;
  'typed'?: TrainRecord;
  /** layers median / fused median: how many times faster the fused LSTM is. */
  speedup?: number;
  /** fused median / typed-arrays median: how many times faster the typed trainer is. */
  typedSpeedup?: number;
}

const ENV_ORDER = ['browser', 'node'];
const BACKEND_ORDER = ['wasm', 'webgl', 'webgpu', 'cpu'];

export function trainRows(records: readonly SpeedRecord[]): TrainRow[] {
  const rows = new Map<string, TrainRow>();
  for (const r of records) {
    if (r.type !== 'train') continue;
    const where = whereText(r);
    const key = `${r.scenario}|${where}`;
    const row = rows.get(key) ?? { scenario: r.scenario, where };
    row[r.impl] = r;
    rows.set(key, row);
  }
  const rank = (row: TrainRow): number[] => {
    const r = (row.fused ?? row.layers ?? row['typed'])!;
    return [SPEED_SCENARIOS.indexOf(row.scenario), ENV_ORDER.indexOf(r.env), BACKEND_ORDER.indexOf(r.backend), r.variant ? 1 : 0];
  };
  return [...rows.values()]
    .map((row) => {
      const typed = row['typed'];
      return {
        ...row,
        speedup: row.layers && row.fused ? row.layers.ms.median / row.fused.ms.median : undefined,
        typedSpeedup: row.fused && typed ? row.fused.ms.median / typed.ms.median : undefined,
      };
    })
    .sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
      return 0;
    });
}

export function trainTable(records: readonly SpeedRecord[]): string {
  const rows = trainRows(records).map((row) => {
    const c = speedCase(row.scenario);
    const side = (r: TrainRecord | undefined): string[] => (r ? [spreadText(r.ms), fmt(r.secondsPerEpoch), fmt(r.gflops)] : ['–', '–', '–']);
    return [
      row.scenario, row.where, `${c.batchSize} × ${c.batchesPerEpoch}`,
      ...side(row.layers), ...side(row.fused),
      row.speedup !== undefined ? `${fmt(row.speedup)}×` : '–',
      row.fused?.paths?.join('+') ?? '',
      ...side(row['typed']),
      row.typedSpeedup !== undefined ? `${fmt(row.typedSpeedup)}×` : '–',
    ];
  });
  return markdownTable(
    [
      'Tutorial', 'Where', 'Batch × steps/epoch',
      'tfjs-layers ms/batch (p10–p90)', 's/epoch', 'GFLOP/s',
      'fused ms/batch (p10–p90)', 's/epoch', 'GFLOP/s',
      'layers ÷ fused', 'fused path',
      'typed arrays ms/batch (p10–p90)', 's/epoch', 'GFLOP/s', 'fused ÷ typed',
    ],
    rows,
  );
}

/**
 * Ours (what the app trains with by default, `appImpl`: the typed trainer, or the fused LSTM
 * where it does not take the model; WASM, the plain setup) against PyTorch with the same thread
 * count.
 */
export function torchTable(records: readonly SpeedRecord[]): string {
  const torch = records.filter((r): r is TorchRecord => r.type === 'torch');
  const ours = records.filter((r): r is TrainRecord =>
    r.type === 'train' && r.impl === appImpl(r.scenario) && r.backend === 'wasm' && !r.variant);
  const rows = torch
    .sort((a, b) => SPEED_SCENARIOS.indexOf(a.scenario) - SPEED_SCENARIOS.indexOf(b.scenario) || a.threads - b.threads)
    .map((t) => {
      const mine = (env: string): string => {
        const r = ours.find((o) => o.env === env && o.scenario === t.scenario && (o.threads ?? 1) === t.threads);
        return r ? `${IMPL_SHORT[r.impl]} ${fmt(r.ms.median)} ms = ${fmt(r.ms.median / t.ms.median)}×` : '–';
      };
      return [t.scenario, String(t.threads), spreadText(t.ms), fmt(t.secondsPerEpoch), fmt(t.gflops), mine('browser'), mine('node'), t.notes.join('; ')];
    });
  return markdownTable(
    ['Tutorial', 'PyTorch threads', 'PyTorch ms/batch (p10–p90)', 's/epoch', 'GFLOP/s', 'browser wasm, ours ÷ PyTorch', 'node wasm, ours ÷ PyTorch', 'PyTorch model differs'],
    rows,
  );
}

const IMPL_SHORT: { readonly [K in BenchImpl]: string } = { layers: 'tfjs-layers', fused: 'fused', 'typed': 'typed' };

export function evalTable(records: readonly SpeedRecord[]): string {
  const ours = records.filter((r): r is PredictRecord => r.type === 'predict');
  const torch = records.filter((r): r is TorchPredictRecord => r.type === 'torchPredict');
  const rows = [
    ...ours.map((p) => [
      whereText(p), p.impl, String(p.batchSize), spreadText(p.ms), fmt(p.estimatedSeconds), fmt(p.fullSeconds), fmt(p.gflops), p.paths?.join('+') ?? '',
    ]),
    ...torch.map((t) => [`PyTorch ${t.threads} thr`, 'nn.LSTM', String(t.batchSize), spreadText(t.ms), fmt(t.estimatedSeconds), '–', fmt(t.gflops), '']),
  ];
  return markdownTable(
    // A timed predict is one batch of 256, or for the typed predictor shared with helper threads
    // several chunks per thread (its reviews column says how many).
    ['Where', 'LSTM', 'reviews per timed predict', 'ms per timed predict (p10–p90)', 's for 25,000 (from median)', 's, one real 25,000 predict', 'GFLOP/s', 'fused path'],
    rows,
  );
}

export function targetsTable(records: readonly SpeedRecord[]): string {
  return markdownTable(
    ['Target', 'Ours', 'Limit', 'Verdict', 'Basis'],
    evaluateTargets(records).map((t) => [
      t.title,
      (t.figure !== undefined ? `${fmt(t.figure)} ${t.unit}` : '–') + (t.estimate !== undefined ? ` (step-time estimate ${fmt(t.estimate)} ${t.unit})` : ''),
      `${t.limit} ${t.unit}`, verdictText(t), t.basis,
    ]),
  );
}

export function responsivenessTable(records: readonly SpeedRecord[]): string {
  const rows = records
    .filter((r): r is ResponsivenessRecord => r.type === 'responsiveness')
    .map((r) => [
      r.label, r.backend, `${fmt(r.runSeconds)} (${r.finalState})`, String(r.longTasks.count),
      r.longTasks.worst.map((t) => `${t.ms} @ ${fmt(t.atMs / 1000)} s`).join(', ') || '–',
      fmt(r.frames.medianGapMs), fmt(r.frames.p95GapMs), fmt(r.frames.maxGapMs),
      r.longTasks.maxMs <= 100 ? 'meets' : `misses (${fmt(r.longTasks.maxMs)} ms)`,
    ]);
  return markdownTable(
    ['App run', 'Backend', 'Run s', 'Long tasks', 'Longest long tasks ms @ s after Train', 'Median frame gap ms', 'p95 frame gap ms', 'Max frame gap ms', 'No long task > 100 ms'],
    rows,
  );
}

function environmentLines(records: readonly SpeedRecord[]): string[] {
  return records
    .filter((r): r is EnvironmentRecord => r.type === 'environment')
    .map((e) => {
      const bits = [
        e.available ? 'available' : 'not available',
        e.threads !== undefined ? `${e.threads} WASM thread(s) in use` : '',
        e.threadsRequested !== undefined ? `setThreadsCount(${e.threadsRequested}) before init` : '',
        e.hardwareConcurrencySpoofed !== undefined ? `hardwareConcurrency read as ${e.hardwareConcurrencySpoofed}` : '',
        e.crossOriginIsolated !== undefined ? `crossOriginIsolated=${e.crossOriginIsolated}` : '',
        e.hardwareConcurrency !== undefined ? `hardwareConcurrency=${e.hardwareConcurrency}` : '',
      ].filter(Boolean);
      return `- ${e.env} ${e.label}: ${bits.join(', ')}. ${e.detail}`;
    });
}

function skipLines(records: readonly SpeedRecord[]): string[] {
  return records
    .filter((r): r is SkipRecord => r.type === 'skip')
    .map((s) => `- ${[s.env, s.backend, s.scenario, s.impl].filter(Boolean).join(' ')}: ${s.reason}`);
}

/** Where tensors stayed behind after a measurement (they should not). */
function leakLines(records: readonly SpeedRecord[]): string[] {
  return records
    .filter((r): r is TrainRecord | PredictRecord => (r.type === 'train' || r.type === 'predict') && r.tensorsLeaked !== 0)
    .map((r) => `- ${whereText(r)} ${r.scenario} ${r.impl} (${r.type}): ${r.tensorsLeaked} tensor(s) left after disposing model, optimizer and data`);
}

/** The whole human report. `header` lines (machine, versions, load) come first. */
export function humanReport(records: readonly SpeedRecord[], header: string[]): string {
  const has = (type: SpeedRecord['type']): boolean => records.some((r) => r.type === type);
  const parts: string[] = ['# LSTM Lab speed', '', ...header, ''];
  if (has('train')) {
    parts.push(
      '## Training: ms per `trainOnBatch` (typed arrays: per `trainStep`), median (p10–p90); s/epoch = steps/epoch × median; GFLOP/s = analytic training FLOPs / median',
      '', trainTable(records), '',
    );
  }
  if (has('torch')) parts.push('## Against PyTorch (CPU), same model shapes and thread count', '', torchTable(records), '');
  if (has('predict') || has('torchPredict')) parts.push(`## Evaluating the IMDB test set (${EVAL_SCENARIO}, predict at batch 256)`, '', evalTable(records), '');
  parts.push('## Targets', '', targetsTable(records), '');
  if (has('responsiveness')) {
    parts.push('## Main-thread responsiveness while the app trains in its worker (figures; aim: no long task > 100 ms)', '', responsivenessTable(records), '');
  }
  const env = environmentLines(records);
  if (env.length) parts.push('## Backends', '', ...env, '');
  const leaks = leakLines(records);
  if (leaks.length) parts.push('## Tensors left behind', '', ...leaks, '');
  const skips = skipLines(records);
  if (skips.length) parts.push('## Not measured', '', ...skips, '');
  return parts.join('\n');
}
