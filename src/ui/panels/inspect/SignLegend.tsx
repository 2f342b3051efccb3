/**
 * The legend of the signed scale, the same wherever words are shaded ("Try the model" and Inspect):
 * swatches drawn with the very tints the words get, so the legend cannot drift from the words.
 */
import { wordTint } from './colorScale';

/** `words`: what each sign means where it is not a review's sentiment (a classifier's predicted class). */
export function SignLegend({ testId, children, words = { positive: 'pushes positive', negative: 'pushes negative' } }: {
  testId: string;
  children?: React.ReactNode;
  words?: { positive: string; negative: string };
}) {
  return (
    <p className="token-legend muted small" data-testid={testId}>
      <span className="legend-sign" data-sign="positive" style={{ background: wordTint(1, 1) }}>{words.positive}</span>{' '}
      <span className="legend-sign" data-sign="negative" style={{ background: wordTint(-1, 1) }}>{words.negative}</span>
      {children}
    </p>
  );
}
