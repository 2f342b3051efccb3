/**
 * IMDB dataset preview: a few decoded reviews and the review-length histogram, with a marker at
 * the current maxlen so it is plain how much of each review the model reads.
 */
import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DatasetPreview } from '../../engine/types';
import { SCENARIOS } from '../../scenarios';
import { formatInt, formatPercent } from '../format';
import { useLab } from '../hooks/useLab';

/** Approximate fraction of reviews longer than maxlen, assuming lengths spread evenly in a bin. */
export function fractionLonger(histogram: DatasetPreview['lengthHistogram'], maxlen: number): number {
  let total = 0;
  let longer = 0;
  for (const bin of histogram) {
    total += bin.count;
    if (bin.from >= maxlen) longer += bin.count;
    else if (bin.to > maxlen) longer += (bin.count * (bin.to - maxlen)) / (bin.to - bin.from);
  }
  return total > 0 ? longer / total : 0;
}

export function DatasetPreviewPanel() {
  const preview = useLab((s) => s.preview);
  // The form's maxlen while an IMDB tutorial is selected, so editing it moves the marker.
  const maxlen = useLab((s) =>
    SCENARIOS[s.config.scenario].family === 'imdb' ? s.config.hp.seqLength : (s.runConfig?.hp.seqLength ?? 0),
  );
  const imdbSelected = useLab((s) => SCENARIOS[s.config.scenario].family === 'imdb');
  if (!preview) {
    if (!imdbSelected) return null;
    return (
      <section className="panel" aria-labelledby="preview-title">
        <h2 id="preview-title" className="panel-title">Dataset</h2>
        <p className="muted">A few reviews and their length distribution appear once the data has loaded.</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="preview-title" data-testid="data.preview">
      <h2 id="preview-title" className="panel-title">Dataset</h2>
      <p className="muted small">
        {formatInt(preview.trainCount)} training and {formatInt(preview.testCount)} test reviews.
      </p>
      <LengthHistogram preview={preview} maxlen={maxlen} />
      <ul className="review-examples">
        {preview.examples.map((ex, i) => (
          <li key={i}>
            <span className={'label-pill ' + (ex.label === 1 ? 'pos' : 'neg')}>{ex.label === 1 ? 'positive' : 'negative'}</span>
            <span className="muted small"> {formatInt(ex.words)} words</span>
            <details>
              <summary className="review-text">{ex.text.slice(0, 220)}{ex.text.length > 220 ? '…' : ''}</summary>
              <p className="review-full">{ex.text}</p>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

const LengthHistogram = memo(function LengthHistogram({ preview, maxlen }: { preview: DatasetPreview; maxlen: number }) {
  const data = useMemo(
    () => preview.lengthHistogram.map((b) => ({ ...b, mid: (b.from + b.to) / 2 })),
    [preview.lengthHistogram],
  );
  const maxTo = data.length > 0 ? data[data.length - 1].to : maxlen;
  const cut = fractionLonger(preview.lengthHistogram, maxlen);
  return (
    <figure className="chart" data-testid="data.histogram" data-points={data.length}>
      <figcaption className="chart-title">
        Review length (words){' '}
        <span className="muted small" data-testid="data.cut">
          — {formatPercent(cut, 0)} of reviews are longer than maxlen {maxlen} and lose their beginning
        </span>
      </figcaption>
      <div className="chart-body" style={{ height: 200 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }} barCategoryGap={1}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="mid" type="number" domain={[0, Math.max(maxTo, maxlen)]} tick={{ fontSize: 11, fill: '#64748b' }} />
            <YAxis tick={{ fontSize: 11, fill: '#64748b' }} width={48} />
            <Tooltip
              labelFormatter={(_, payload) => {
                const bin = payload?.[0]?.payload as { from: number; to: number } | undefined;
                return bin ? `${bin.from}–${bin.to} words` : '';
              }}
              formatter={(v) => [formatInt(Number(v)), 'reviews']}
            />
            <Bar dataKey="count" fill="#94a3b8" isAnimationActive={false} />
            <ReferenceLine
              x={maxlen}
              stroke="#dc2626"
              strokeWidth={2}
              label={{ value: `maxlen ${maxlen}`, position: 'top', fill: '#dc2626', fontSize: 11 }}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
