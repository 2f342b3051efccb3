/**
 * The waits a user notices in the real app (issue 12), as targets: which statistic of the samples
 * is judged, against what limit, and the words that go with it. Pure: `waits.ts` measures,
 * `targets.ts` judges every target from the records with this table.
 */
import { quantile } from './stats';

export const WAIT_IDS = [
  'first-batch-alphabet',
  'first-batch-trend',
  'first-batch-imdb',
  'try-during-training',
  'alphabet-tutorial',
  'trend-tutorial',
  'stop-latency',
  'paste-1mb',
  'inspect-typing',
  'inspect-keystroke',
  'inspect-keystroke-alphabet-stateful',
  'inspect-keystroke-trend',
  'inspect-keystroke-imdb-small-vocab',
  'inspect-keystroke-imdb-seq',
  'inspect-keystroke-imdb-seq-cnn',
  'parse-text-50mb',
  'parse-csv-100k',
  'first-point-text-1mb',
  'short-reviews-card',
  'short-reviews-conv-card',
] as const;
export type WaitId = (typeof WAIT_IDS)[number];

/** Waits of many minutes: timed only when named (`--waits-only`) or with `--slow`. */
export const SLOW_WAITS: readonly WaitId[] = ['short-reviews-card', 'short-reviews-conv-card'];

export const isWaitId = (s: string): s is WaitId => (WAIT_IDS as readonly string[]).includes(s);

/** One measured wait, ms, with what it was (a fresh page, a keystroke, a phase of Stop). */
export interface WaitSample {
  label: string;
  ms: number;
  /** Given up on after `ms`: the wait was at least this long (the awaited change never came). */
  censored?: boolean;
}

/** The longest main-thread tasks seen, ms after the action that started them. */
export interface LongTaskSeen {
  atMs: number;
  ms: number;
}

/** One wait measured in the production build, in headless Chromium. */
export interface WaitRecord {
  type: 'wait';
  id: WaitId;
  /** What was done, in words. */
  label: string;
  /** Path and query opened first. */
  url: string;
  samples: WaitSample[];
  /** What the app's plan badge said it trained with (trainer, threads). */
  plan?: string;
  /** Longest main-thread tasks after the action (paste), where watched. */
  longTasks?: LongTaskSeen[];
  /** Further facts worth reading next to the figure (times to other milestones, states reached). */
  notes: string[];
}

/** Which of the samples the target judges. */
type Statistic = 'median' | 'max';

export interface WaitTarget {
  title: string;
  limitMs: number;
  /** The unit the target is reported in. */
  unit: 's' | 'ms';
  statistic: Statistic;
}

export const WAIT_TARGETS: Record<WaitId, WaitTarget> = {
  'first-batch-alphabet': {
    title: 'Alphabet: Train clicked on a freshly loaded page → first batch on the chart ≤ 1 s (median of fresh pages)',
    limitMs: 1000, unit: 's', statistic: 'median',
  },
  'first-batch-trend': {
    title: 'Trend: Train clicked on a freshly loaded page → first batch on the chart ≤ 1 s (median of fresh pages)',
    limitMs: 1000, unit: 's', statistic: 'median',
  },
  'first-batch-imdb': {
    title: 'IMDB tutorial 1, shards already cached: Train clicked after a reload → first batch on the chart ≤ 3 s',
    limitMs: 3000, unit: 's', statistic: 'median',
  },
  'try-during-training': {
    title: 'Alphabet, while training: last keystroke → the shown prediction is for the new letters ≤ 150 ms (median of keystrokes)',
    limitMs: 150, unit: 'ms', statistic: 'median',
  },
  'alphabet-tutorial': {
    title: 'Whole alphabet tutorial at its defaults, really run: Train clicked → “Finished” ≤ 15 s',
    limitMs: 15_000, unit: 's', statistic: 'median',
  },
  'trend-tutorial': {
    title: 'Whole trend tutorial at its defaults, really run: Train clicked → “Finished” ≤ 10 s',
    limitMs: 10_000, unit: 's', statistic: 'median',
  },
  'stop-latency': {
    title: 'Stop pressed while preparing and while training → the run shown as stopped ≤ 1 s (the slowest phase)',
    limitMs: 1000, unit: 's', statistic: 'max',
  },
  'paste-1mb': {
    title: 'A 1 MB review pasted into the review box: no main-thread task over 100 ms (the longest task after the paste)',
    limitMs: 100, unit: 'ms', statistic: 'max',
  },
  'inspect-keystroke': {
    title: 'Inspect view, alphabet: last keystroke → the gates, cells and hidden states shown for the new letters ≤ 100 ms (median)',
    limitMs: 100, unit: 'ms', statistic: 'median',
  },
  'inspect-keystroke-alphabet-stateful': {
    title: 'Inspect view, stateful alphabet: last keystroke → the state carried from letter to letter shown for the new letters ≤ 100 ms (median)',
    limitMs: 100, unit: 'ms', statistic: 'median',
  },
  'inspect-keystroke-trend': {
    title: 'Inspect view, trend (two stacked LSTM(50), relu): last keystroke → each step’s prediction and gates shown for the new series ≤ 100 ms (median)',
    limitMs: 100, unit: 'ms', statistic: 'median',
  },
  'inspect-keystroke-imdb-small-vocab': {
    title: 'Inspect view, IMDB tutorial 1 (80 steps, LSTM(128)): last keystroke → the gates, cells and hidden states shown for the new review ≤ 100 ms (median)',
    limitMs: 100, unit: 'ms', statistic: 'median',
  },
  'inspect-keystroke-imdb-seq': {
    title: 'Inspect view, IMDB sequence classification (500 steps, LSTM(100)): last keystroke → the traces shown for the new review ≤ 100 ms (median)',
    limitMs: 100, unit: 'ms', statistic: 'median',
  },
  'inspect-keystroke-imdb-seq-cnn': {
    title: 'Inspect view, IMDB sequence classification + Conv1D (250 LSTM steps): last keystroke → the traces shown for the new review ≤ 100 ms (median)',
    limitMs: 100, unit: 'ms', statistic: 'median',
  },
  'parse-text-50mb': {
    title: 'A 50 MB text read by the “Your text” card (its file input, Train): no main-thread task over 100 ms (the time to read it in the basis)',
    limitMs: 100, unit: 'ms', statistic: 'max',
  },
  'parse-csv-100k': {
    title: 'A 100,000-row CSV read by a CSV card (its file input, Train): no main-thread task over 100 ms (the time to read it in the basis)',
    limitMs: 100, unit: 'ms', statistic: 'max',
  },
  'short-reviews-card': {
    title: 'The short-reviews card at its defaults, really run in the tab (shards cached): Train clicked → “Finished”, test set and short-review check read, ≤ 10 min',
    limitMs: 600_000, unit: 's', statistic: 'median',
  },
  'short-reviews-conv-card': {
    title: 'The short-reviews card with a Conv1D front at its defaults, really run in the tab (shards cached): Train clicked → “Finished”, test set and short-review check read, ≤ 10 min',
    limitMs: 600_000, unit: 's', statistic: 'median',
  },
  'first-point-text-1mb': {
    title: 'A 1 MB text in the “Your text” card at its defaults: Train clicked → the loss curve’s first point ≤ 2 s (median of fresh pages)',
    limitMs: 2000, unit: 's', statistic: 'median',
  },
  'inspect-typing': {
    title: 'Typing a review with the Inspect view open (heatmaps and attributions redrawn): no main-thread task over 100 ms',
    limitMs: 100, unit: 'ms', statistic: 'max',
  },
};

const inUnit = (ms: number, unit: 's' | 'ms'): number => (unit === 's' ? ms / 1000 : ms);

const shown = (ms: number, unit: 's' | 'ms'): string => (unit === 's' ? (ms / 1000).toFixed(2) : ms.toFixed(0));

/**
 * The figure a wait target is judged on (in the target's unit) and the basis in words: every
 * sample, the statistic, and the record's notes.
 */
export function judgeWait(record: WaitRecord): { figure?: number; basis: string } {
  const t = WAIT_TARGETS[record.id];
  const values = record.samples.map((s) => s.ms);
  if (values.length === 0) return { basis: `${record.label}: no sample (${record.notes.join('; ') || 'nothing measured'})` };
  const figureMs = t.statistic === 'max' ? Math.max(...values) : quantile(values, 0.5);
  const samples = record.samples.map((s) => `${s.label} ${s.censored ? '≥ ' : ''}${shown(s.ms, t.unit)}`).join(', ');
  const censored = record.samples.filter((s) => s.censored).length;
  const stats =
    values.length > 1
      ? ` (median ${shown(quantile(values, 0.5), t.unit)}, max ${shown(Math.max(...values), t.unit)} ${t.unit})`
      : ` ${t.unit}`;
  const extra = [record.plan && `trained with ${record.plan}`, ...record.notes].filter(Boolean).join('; ');
  return {
    figure: inUnit(figureMs, t.unit),
    basis:
      `${record.label}: ${samples}${stats}` +
      (censored ? `; ${censored} of ${values.length} given up on (≥: not shown by then, so the figure is a lower bound)` : '') +
      (extra ? `; ${extra}` : ''),
  };
}
