/**
 * IMDB dataset preview: a few decoded reviews and the review-length histogram, with a marker at
 * the current maxlen so it is plain how much of each review the model reads.
 */
import { memo, useMemo } from 'react';
import type { DatasetPreview } from '../../engine/types';
import { SCENARIOS } from '../../scenarios';
import { ticksCovering, ticksWithin } from '../ticks';
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

/** Plot area of the histogram, in SVG user units (the SVG scales to its box). */
const W = 440;
const H = 170;
const PAD = { left: 44, right: 12, top: 18, bottom: 22 };

/**
 * The review-length histogram as plain SVG. A Recharts bar chart cost a ~200 ms main-thread task
 * when the preview arrived (tick maths and one component per bar); this is a few dozen elements,
 * with each bar's range and count in its tooltip.
 */
const LengthHistogram = memo(function LengthHistogram({ preview, maxlen }: { preview: DatasetPreview; maxlen: number }) {
  const bins = preview.lengthHistogram;
  const maxTo = bins.length > 0 ? bins[bins.length - 1].to : maxlen;
  const xMax = Math.max(maxTo, maxlen) || 1;
  const yTicks = useMemo(() => ticksCovering(Math.max(1, ...bins.map((b) => b.count)), 4), [bins]);
  const yMax = yTicks[yTicks.length - 1] || 1;
  const x = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const cut = fractionLonger(bins, maxlen);
  return (
    <figure className="chart" data-testid="data.histogram" data-points={bins.length}>
      <figcaption className="chart-title">
        Review length (words){' '}
        <span className="muted small" data-testid="data.cut">
          — {formatPercent(cut, 0)} of reviews are longer than maxlen {maxlen} and lose their beginning
        </span>
      </figcaption>
      <div className="chart-body" style={{ height: 'auto' }}>
        {/* Scales with the panel's width at a fixed aspect ratio, so the labels are not stretched. */}
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Histogram of review lengths; maxlen ${maxlen}`}>
          {yTicks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid-line" />
              <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="axis-tick">{formatInt(t)}</text>
            </g>
          ))}
          {bins.map((b) => (
            <rect key={b.from} x={x(b.from) + 0.5} y={y(b.count)} width={Math.max(0.5, x(b.to) - x(b.from) - 1)}
              height={Math.max(0, H - PAD.bottom - y(b.count))} className="hist-bar">
              <title>{`${b.from}–${b.to} words: ${formatInt(b.count)} reviews`}</title>
            </rect>
          ))}
          {ticksWithin(0, xMax, 6, true).map((t) => (
            <text key={t} x={x(t)} y={H - 6} textAnchor="middle" className="axis-tick">{formatInt(t)}</text>
          ))}
          <line x1={x(maxlen)} x2={x(maxlen)} y1={PAD.top} y2={H - PAD.bottom} className="maxlen-line" strokeWidth={2} data-testid="data.maxlen" />
          {/* Above the plot, where no bar reaches (the count axis covers the tallest bar), and
              turned inward near the right edge so it is not cut off. */}
          <text
            x={x(maxlen) + (x(maxlen) > W - 90 ? -4 : 4)} y={PAD.top - 5}
            textAnchor={x(maxlen) > W - 90 ? 'end' : 'start'} className="maxlen-label" data-testid="data.maxlen.label"
          >
            maxlen {maxlen}
          </text>
        </svg>
      </div>
    </figure>
  );
});
