/**
 * Inspect for the "Your text" card: type a text and see what the character model does with it,
 * one character per timestep (the very window "Try" predicts from): the LSTM's gates, cell and
 * hidden state as heatmaps with the characters as column labels, and under each character the one
 * the model expects next once it has read it. It asks the card's training worker as the user
 * types and again after every epoch, as the tutorials' Inspect view does.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { visibleChar } from '../../../engine/inspect/inspect';
import type { InspectResult } from '../../../engine/inspect/types';
import { formatPercent } from '../../format';
import { useEngineAnswer } from '../../hooks/useEngineAnswer';
import { LstmView } from '../inspect/LstmView';
import '../inspect/inspect.css';
import './textInspect.css';
import type { TextRunStore } from './textRunStore';

/** As the tutorials' view: a keystroke's question goes almost at once; closer keys share one. */
const TRACE_DELAY_MS = 10;

export function TextInspect({ store }: { store: TextRunStore }) {
  const canTry = useStore(store, (s) => s.canTry);
  const epochs = useStore(store, (s) => s.epochs.length);
  const inspect = useStore(store, (s) => s.inspect);
  // A model loaded from its files is a new model at the same epoch count: its name asks again.
  const loaded = useStore(store, (s) => (s.model?.from.kind === 'file' ? s.model.from.name : ''));
  const [text, setText] = useState('');
  const request = canTry && text !== '' ? ({ kind: 'chars', text } as const) : null;
  const { result, error, pending } = useEngineAnswer(inspect, request, request ? text : '', `${epochs}:${loaded}`, TRACE_DELAY_MS);
  return (
    <div className="inspect-panel your-text-inspect" data-testid="yourText.inspect" data-enabled={canTry}>
      <h3 className="small">Look inside: the recurrent layers, character by character</h3>
      <label htmlFor="your-text-inspect-input" className="field-label">A text to read</label>
      <input
        id="your-text-inspect-input"
        data-testid="yourText.inspect.input"
        value={text}
        disabled={!canTry}
        onChange={(e) => setText(e.target.value)}
        placeholder={canTry ? 'Type a text: each character is a timestep…' : 'Train for an epoch first'}
        autoComplete="off"
        spellCheck={false}
      />
      {error && <p className="field-error" role="alert" data-testid="yourText.inspect.error">{error}</p>}
      {result?.kind === 'invalid' && <p className="field-error" role="alert" data-testid="yourText.inspect.error">{result.message}</p>}
      {result?.kind === 'chars' && (
        <div className={'inspect-result' + (pending ? ' stale' : '')} data-testid="yourText.inspect.result" data-input={result.input}>
          <NextPerStep result={result} />
          <LstmView layers={result.layers} />
        </div>
      )}
    </div>
  );
}

/** Each character read, and under it the character the model expects next at that point. */
function NextPerStep({ result }: { result: Extract<InspectResult, { kind: 'chars' }> }) {
  const read = result.chars.filter((c) => !c.filled);
  const last = read.at(-1);
  return (
    <figure className="your-text-inspect-steps" data-testid="yourText.inspect.output" data-next={last?.next.char}>
      <figcaption className="small">
        After each character, the model’s likeliest next one
        {last && <> (after the last: <code>{visibleChar(last.next.char)}</code>, {formatPercent(last.next.p)})</>}
        {read.length < result.chars.length && <span className="muted"> — the window is filled with spaces before your text, as Try reads it</span>}.
      </figcaption>
      <div className="your-text-inspect-strip" role="table" aria-label="each character read and the likeliest next character">
        {read.map((c, k) => (
          <span key={k} className="your-text-inspect-cell" role="row" data-char={c.char} data-next={c.next.char} title={`after “${c.char}”: “${c.next.char}” ${formatPercent(c.next.p)}`}>
            <code role="cell">{visibleChar(c.char)}</code>
            <code role="cell" className="your-text-inspect-next" style={{ opacity: 0.35 + 0.65 * c.next.p }}>{visibleChar(c.next.char)}</code>
          </span>
        ))}
      </div>
    </figure>
  );
}
