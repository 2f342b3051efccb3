/** Number and text formatting for the panels. Pure, so the Keras-style progress line is testable. */
import type { BatchUpdate, EpochUpdate } from '../engine/types';

const intFormat = new Intl.NumberFormat('en-US');

export function formatInt(n: number): string {
  return intFormat.format(Math.round(n));
}

const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Short labels for wide axes: "950", "12K", "1.5M". */
export function formatCompact(n: number): string {
  return compactFormat.format(n);
}

const cardinalRules = new Intl.PluralRules('en-US');

/**
 * A count with its noun in the right number: "1 epoch", "0 epochs", "1,000 epochs". `plural` for
 * nouns that do not just take an "s".
 */
export function formatCount(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatInt(n)} ${cardinalRules.select(n) === 'one' ? noun : plural}`;
}

const ordinalRules = new Intl.PluralRules('en-US', { type: 'ordinal' });
const ORDINAL_SUFFIX: Record<Intl.LDMLPluralRule, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th', zero: 'th', many: 'th' };

/** "1st", "2nd", "3rd", "11th", "22nd", "1,000th". */
export function formatOrdinal(n: number): string {
  return `${formatInt(n)}${ORDINAL_SUFFIX[ordinalRules.select(n)]}`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Keras-style 4-decimal metric; "nan" like Keras prints it. */
export function formatMetric(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : 'nan';
}

/** "4m 12s", "1h 03m", "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** Milliseconds with sensible precision: "0.42 ms", "2.1 ms", "1840 ms". */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/**
 * The epoch the run is in, as both the status and the progress line show it: the epoch of the
 * latest batch when it is newer than the last finished epoch, else the last finished one.
 */
export function shownEpoch(batch: BatchUpdate | null, epoch: EpochUpdate | null): number {
  if (batch && (!epoch || batch.epoch > epoch.epoch)) return batch.epoch;
  return epoch?.epoch ?? batch?.epoch ?? 0;
}

/**
 * The line Keras prints while fitting, e.g.
 * "Epoch 3/500 — batch 412/1000 — 2.1 ms/step — 476 samples/s — ETA 4m 12s — loss 0.8123 — acc 0.7420",
 * with loss and accuracy the epoch's running means. Between batches of a new epoch it shows the
 * last finished epoch, with validation figures. The ETA shows only while the run is `running`.
 */
export function progressLine(batch: BatchUpdate | null, epoch: EpochUpdate | null, totalEpochs: number, running = true): string {
  const parts: string[] = [];
  const eta = running && batch?.etaSec !== undefined ? `ETA ${formatDuration(batch.etaSec)}` : null;
  if (batch && (!epoch || batch.epoch > epoch.epoch)) {
    parts.push(`Epoch ${batch.epoch}/${totalEpochs}`);
    parts.push(`batch ${batch.batch}/${batch.batches}`);
    parts.push(`${formatMs(batch.msPerStep)}/step`);
    parts.push(`${formatInt(batch.samplesPerSec)} samples/s`);
    if (eta) parts.push(eta);
    parts.push(`loss ${formatMetric(batch.loss)}`);
    parts.push(`acc ${formatMetric(batch.acc)}`);
    return parts.join(' — ');
  }
  if (!epoch) return '';
  parts.push(`Epoch ${epoch.epoch}/${epoch.epochs}`);
  // Typed-array epochs of the small tutorials take milliseconds: "0.0 s" would say nothing.
  parts.push(epoch.seconds < 1 ? formatMs(epoch.seconds * 1000) : `${epoch.seconds.toFixed(1)} s`);
  if (eta && batch && batch.epoch === epoch.epoch && epoch.epoch < epoch.epochs) parts.push(eta);
  parts.push(`loss ${formatMetric(epoch.loss)}`);
  parts.push(`acc ${formatMetric(epoch.acc)}`);
  if (epoch.valLoss !== undefined) parts.push(`val_loss ${formatMetric(epoch.valLoss)}`);
  if (epoch.valAcc !== undefined) parts.push(`val_acc ${formatMetric(epoch.valAcc)}`);
  return parts.join(' — ');
}

/** Keras prints shapes as tuples with None for the batch axis. */
export function formatShape(shape: (number | null)[]): string {
  const items = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
}
