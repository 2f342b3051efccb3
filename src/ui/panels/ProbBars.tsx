/** A ranked list of answers, each a label, a bar and its probability (Try's letters and memory answers). */
import { formatPercent } from '../format';

export function ProbBars({ items }: { items: readonly { letter: string; p: number }[] }) {
  return (
    <ol className="prob-bars">
      {items.map((t) => (
        <li key={t.letter}>
          <span className="prob-label">{t.letter}</span>
          <span className="prob-bar">
            <span style={{ width: formatPercent(t.p) }} />
          </span>
          <span className="prob-value">{formatPercent(t.p)}</span>
        </li>
      ))}
    </ol>
  );
}
