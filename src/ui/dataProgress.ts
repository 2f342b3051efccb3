/** How the dataset loading bar words each stage and its amount. Pure, so it is testable. */
import type { DataProgress } from '../engine/types';
import { formatBytes, formatPercent } from './format';

/**
 * Each loading stage, and whether its counts are bytes. Preparing reports a step, not an amount
 * (0 of 1, then 1 of 1): it shows no count rather than "0 B / 1 B".
 */
export const DATA_STAGES: Record<DataProgress['stage'], { text: string; bytes: boolean }> = {
  manifest: { text: 'Reading the dataset manifest', bytes: true },
  download: { text: 'Downloading', bytes: true },
  verify: { text: 'Verifying', bytes: true },
  prepare: { text: 'Preparing the reviews for training', bytes: false },
};

/** "12.3 MB / 17.0 MB (72%)" for byte stages with a known size; nothing otherwise. */
export function dataAmount(progress: DataProgress): string {
  if (!DATA_STAGES[progress.stage].bytes || progress.total <= 0) return '';
  const fraction = Math.min(1, progress.loaded / progress.total);
  return `${formatBytes(progress.loaded)} / ${formatBytes(progress.total)} (${formatPercent(fraction, 0)})`;
}

