/**
 * Try the model: paste or type a series (one column: numbers separated by commas or spaces;
 * several: a line per step) and see the step after its last `lookBack` rows: up with its
 * probability, or the next value in the column's own units.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { PredictResult } from '../../../engine/types';
import { formatPercent } from '../../format';
import { formatValue } from './SeriesPlot';
import type { SeriesRunStore } from './seriesRunStore';
import { TypedSeriesInput } from './TypedSeriesInput';

export function SeriesTry({ store }: { store: SeriesRunStore }) {
  const canTry = useStore(store, (s) => s.canTry);
  const epochs = useStore(store, (s) => s.epochs.length);
  const plot = useStore(store, (s) => s.plot);
  const columns = useStore(store, (s) => s.columns);
  // A loaded model reads its own columns and window, whatever file the card holds.
  const loaded = useStore(store, (s) => s.loaded?.model.data ?? null);
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<PredictResult | null>(null);
  useEffect(() => {
    if (!canTry || text.trim() === '') return setAnswer(null);
    let current = true;
    store.getState().tryNext(text).then(
      (result) => current && setAnswer(result),
      (e: unknown) => current && setAnswer({ kind: 'invalid', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [text, canTry, epochs, loaded, store]);
  const lookBack = loaded?.lookBack ?? plot?.lookBack;
  const names = loaded?.columns ?? columns?.values ?? [];
  const target = loaded ? loaded.columns[loaded.target] : plot?.target;
  return (
    <div className="your-series-try">
      <label htmlFor="your-series-try" className="field-label">Try: what comes next?</label>
      <TypedSeriesInput id="your-series-try" testId="yourSeries.try" value={text} onChange={setText} disabled={!canTry} columns={names} lookBack={lookBack} />
      <div aria-live="polite">
        {answer?.kind === 'invalid' && <p className="field-error" data-testid="yourSeries.try.problem">{answer.message}</p>}
        {answer?.kind === 'series' && (
          <p className="your-series-answer" data-testid="yourSeries.try.answer" data-task={answer.task} data-answer={answer.answer}>
            {answer.task === 'up'
              ? <>After {formatValue(answer.last)}: <strong>{answer.answer > 0.5 ? 'up' : 'not up'}</strong> (probability of a step up {formatPercent(answer.answer)})</>
              : <>Next {target ?? 'value'}: <strong>{formatValue(answer.answer)}</strong> (last {formatValue(answer.last)})</>}
          </p>
        )}
      </div>
    </div>
  );
}
