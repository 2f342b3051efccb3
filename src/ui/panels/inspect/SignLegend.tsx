/**
 * The legend of the signed scale, the same wherever words are shaded ("Try the model" and Inspect):
 * swatches drawn with the very tints the words get, so the legend cannot drift from the words.
 */
import { wordTint } from './colorScale';

export function SignLegend({ testId, children }: { testId: string; children?: React.ReactNode }) {
  return (
    <p className="token-legend muted small" data-testid={testId}>
      <span className="legend-sign" data-sign="positive" style={{ background: wordTint(1, 1) }}>pushes positive</span>{' '}
      <span className="legend-sign" data-sign="negative" style={{ background: wordTint(-1, 1) }}>pushes negative</span>
      {children}
    </p>
  );
}
