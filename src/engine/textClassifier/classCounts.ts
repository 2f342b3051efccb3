/** How many of the prepared texts each class has, training and validation parts together, in class order. */
import type { Split } from '../data/dataset';
import type { PreparedLabelled } from './classifyRow';

export function classCounts(labelled: Pick<PreparedLabelled, 'classNames' | 'dataset'>): number[] {
  const counts = labelled.classNames.map(() => 0);
  const parts: (Split | undefined)[] = [labelled.dataset.train, labelled.dataset.validation];
  for (const part of parts) {
    if (!part) continue;
    const [n, width] = part.yShape;
    // Two classes: y is the label (0/1); more: a one-hot row.
    for (let i = 0; i < n; i++) counts[width === 1 ? part.y[i] : part.y.subarray(i * width, (i + 1) * width).indexOf(1)]++;
  }
  return counts;
}
