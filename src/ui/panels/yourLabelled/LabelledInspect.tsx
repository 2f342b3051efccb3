/**
 * Inspect for the "Your labelled texts" card: type a sentence and see what the classifier's LSTM
 * does with it, one word per timestep (the very words Try reads, the padding before them dimmed):
 * the gates, cell and hidden state as heatmaps with the words as column labels, each class's
 * probability and, for two classes, each word's share by integrated gradients (asked for once
 * typing settles, as the tutorials' Inspect does). It asks again after every epoch.
 */
import { Fragment, useState } from 'react';
import { useStore } from 'zustand';
import type { InspectResult } from '../../../engine/inspect/types';
import { formatCount, formatPercent } from '../../format';
import { useEngineAnswer } from '../../hooks/useEngineAnswer';
import { wordTint } from '../inspect/colorScale';
import { LstmView } from '../inspect/LstmView';
import { SignLegend } from '../inspect/SignLegend';
import '../inspect/inspect.css';
import './labelledInspect.css';
import type { LabelledRunStore, WordsRequest } from './labelledRunStore';

/** As the tutorials' view: the heatmaps at once, the attributions (a path of passes) once typing pauses. */
const TRACE_DELAY_MS = 10;
const ATTRIBUTIONS_DELAY_MS = 400;

type Words = Extract<InspectResult, { kind: 'words' }>;

export function LabelledInspect({ store }: { store: LabelledRunStore }) {
  const canTry = useStore(store, (s) => s.canTry);
  const epochs = useStore(store, (s) => s.epochs.length);
  const loaded = useStore(store, (s) => s.loaded?.name ?? '');
  const inspect = useStore(store, (s) => s.inspect);
  const [text, setText] = useState('');
  const version = `${epochs}:${loaded}`;
  const request: WordsRequest | null = canTry && text.trim() !== '' ? { kind: 'words', text, attributions: false } : null;
  const { result, error, pending } = useEngineAnswer(inspect, request, request ? text : '', version, TRACE_DELAY_MS);
  const attributed = useEngineAnswer(inspect, request && { ...request, attributions: true }, request ? text : '', version, ATTRIBUTIONS_DELAY_MS);
  const attributions = attributed.result?.kind === 'words' && !attributed.pending ? attributed.result.attributions : undefined;
  return (
    <div className="inspect-panel your-labelled-inspect" data-testid="yourLabelled.inspect" data-enabled={canTry}>
      <h3 className="small">Look inside: the recurrent layer, word by word</h3>
      <label htmlFor="your-labelled-inspect-input" className="field-label">A sentence to read</label>
      <input
        id="your-labelled-inspect-input"
        data-testid="yourLabelled.inspect.input"
        value={text}
        disabled={!canTry}
        onChange={(e) => setText(e.target.value)}
        placeholder={canTry ? 'Type a sentence: each word is a timestep…' : 'Train for an epoch first'}
        autoComplete="off"
        spellCheck={false}
      />
      {error && <p className="field-error" role="alert" data-testid="yourLabelled.inspect.error">{error}</p>}
      {result?.kind === 'invalid' && <p className="field-error" role="alert" data-testid="yourLabelled.inspect.error">{result.message}</p>}
      {result?.kind === 'words' && (
        <div className={'inspect-result' + (pending ? ' stale' : '')} data-testid="yourLabelled.inspect.result" data-input={result.text}>
          <WordsAnswer result={{ ...result, attributions }} />
          <LstmView layers={result.layers} />
        </div>
      )}
    </div>
  );
}

/** Each class's probability and, for two classes, the words shaded by their share in the second class's. */
function WordsAnswer({ result }: { result: Words }) {
  const predicted = result.classes[result.predicted];
  const a = result.attributions;
  const twoClasses = result.classes.length === 2;
  const max = a ? Math.max(1e-9, ...a.words.map(Math.abs)) : 0;
  const [first, second] = result.classes;
  return (
    <figure className="inspect-review" data-testid="yourLabelled.inspect.output" data-predicted={predicted.name}>
      <figcaption>
        <strong>{predicted.name}</strong>:{' '}
        {result.classes.map((c, k) => (
          <Fragment key={c.name}>
            {k > 0 && ' · '}
            <span data-testid="yourLabelled.inspect.class" data-class={c.name} data-p={c.p}>{c.name} {formatPercent(c.p)}</span>
          </Fragment>
        ))}
        .{' '}
        {twoClasses && !a && <span className="muted small">Working out each word’s share…</span>}
        {a && (
          <span className="muted small" data-testid="yourLabelled.inspect.attributions" data-complete={a.complete}>
            Each word’s share in {second.name} by integrated gradients from all padding ({formatPercent(a.atBaseline)}): they add up to the
            difference within {(a.relativeError * 100).toFixed(1)} % ({formatCount(a.steps, 'step')} along the path).
          </span>
        )}
      </figcaption>
      {a && <SignLegend testId="yourLabelled.inspect.legend" words={{ positive: `pushes toward ${second.name}`, negative: `pushes toward ${first.name}` }} />}
      <p className="tokens" data-testid="yourLabelled.inspect.tokens">
        {result.tokens.map((t, k) => (
          <Fragment key={k}>
            <span
              className={'tok tok-' + t.status}
              data-status={t.status}
              data-attribution={a?.words[k]}
              style={a && t.status !== 'cut' ? { background: wordTint(a.words[k], max) } : undefined}
              title={t.status === 'cut' ? `${t.word}: cut by maxlen (the model never sees it)` : a ? `${t.word}: ${a.words[k].toFixed(4)}` : t.word}
            >
              {t.word}
            </span>{' '}
          </Fragment>
        ))}
      </p>
    </figure>
  );
}
