/**
 * "Your text": train a character model on the user's own text (issue #20), beside the tutorials.
 * Paste a text, drop or pick a `.txt` file, or take the lab's sample; Train reads it in the parse
 * worker and trains it in a training worker of its own, with the loss curve live, the text the model
 * writes after each epoch at three temperatures, and a box to try the next character. The text
 * never leaves the page.
 */
import { useMemo, useState, type DragEvent } from 'react';
import { useStore } from 'zustand';
import type { DataRef, RunConfig } from '../../../config/runConfig';
import { SAMPLE_CORPUS_NAME, sampleCorpus } from '../../../engine/charText/sampleCorpus';
import { OTHER_CHAR } from '../../../engine/data/user/charText';
import type { TrainingEngine } from '../../../engine/types';
import { createEngine } from '../../../worker/client';
import { createParseClient, type ParseClient } from '../../../worker/parseClient';
import { formatInt, formatPercent } from '../../format';
import { useAskBeforeLeaving } from '../../hooks/useLeaveGuard';
import { CellField } from '../userData/CellField';
import { ChooseFile } from '../userData/ChooseFile';
import { CopyRunLink } from '../userData/CopyRunLink';
import { DataLinkPrompt } from '../userData/DataLinkPrompt';
import { KeptRunNote } from '../userData/KeptRunNote';
import { useKeptRuns } from '../userData/keptRuns';
import { PauseResume } from '../userData/PauseResume';
import { PlanLine } from '../userData/PlanLine';
import { keepText, keepingTextRuns, keptTextRuns, openTextRunsHere } from './keptTextRuns';
import { TextInspect } from './TextInspect';
import { TextReadProgress } from './TextReadProgress';
import { TextKerasCode } from './TextKerasCode';
import { TextModelFiles } from './TextModelFiles';
import { TextTry } from './TextTry';
import { createTextRunStore, type TextSettings } from './textRunStore';

// Started when first asked: most visits never train on their own text.
let engine: TrainingEngine | undefined;
let parse: ParseClient | undefined;
const textEngine = () => (engine ??= keepingTextRuns(createEngine()));
const textRun = createTextRunStore({ engine: textEngine, parse: () => (parse ??= createParseClient()), onRunStart: keepText });
openTextRunsHere(textRun, textEngine);

const PASTED = 'pasted text';
const TEXT_ACCEPT = '.txt,text/plain';

/** A shared link's settings as the card's (`DataLinkPrompt`). */
function takeLinkSettings({ hp }: RunConfig, data: DataRef): void {
  if (data.task.kind !== 'text') return;
  textRun.setState({
    settings: {
      seqLength: hp.seqLength, step: data.task.step, cell: hp.cell, units: hp.units, epochs: hp.epochs, batchSize: hp.batchSize,
      learningRate: hp.learningRate, minCount: data.task.minCount ?? 1,
    },
  });
}

const FIELDS: { key: keyof TextSettings; label: string; step?: number }[] = [
  { key: 'seqLength', label: 'Sequence length' },
  { key: 'step', label: 'Step' },
  { key: 'units', label: 'Units' },
  { key: 'epochs', label: 'Epochs' },
  { key: 'batchSize', label: 'Batch size' },
  { key: 'learningRate', label: 'Learning rate', step: 0.001 },
  { key: 'minCount', label: 'Rarest character kept (times seen)' },
];

export function YourTextPanel() {
  const state = useStore(textRun);
  const [pasted, setPasted] = useState('');
  const busy = state.phase === 'reading' || state.phase === 'training';
  useKeptRuns();
  // Leaving mid-run cuts the run off (it resumes from its last checkpoint, not from where it was), so the page asks first.
  useAskBeforeLeaving(state.phase === 'training');

  const paste = (value: string) => {
    setPasted(value);
    state.setSource(value === '' ? null : { name: PASTED, origin: 'paste', bytes: new TextEncoder().encode(value) });
  };
  const takeFile = async (file: File | undefined) => {
    if (!file) return;
    setPasted('');
    state.setSource({ name: file.name, origin: 'file', bytes: new Uint8Array(await file.arrayBuffer()) });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void takeFile(e.dataTransfer.files[0]);
  };
  const takeSample = () => {
    setPasted('');
    state.setSource({ name: SAMPLE_CORPUS_NAME, origin: 'sample', bytes: new TextEncoder().encode(sampleCorpus()) });
  };

  return (
    <section
      id="your-text"
      className="panel your-text"
      aria-labelledby="your-text-title"
      data-testid="yourText.panel"
      data-phase={state.phase}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <h2 id="your-text-title" className="panel-title">Your text: next character</h2>
      <p className="muted small">
        Train an LSTM on your own text, as Keras’ <code>lstm_text_generation</code> does: windows of the text, the character after
        each to predict. Paste it, drop a <code>.txt</code> file here, or take the sample. It never leaves this page.
      </p>
      <DataLinkPrompt
        kind="text"
        testIdPrefix="yourText"
        dataWord="text"
        accept={TEXT_ACCEPT}
        takeSettings={takeLinkSettings}
        takeFile={(file) => state.setSource({ ...file, origin: 'file' })}
      />
      <label htmlFor="your-text-input" className="field-label">Text</label>
      <textarea
        id="your-text-input"
        className="your-text-input"
        data-testid="yourText.input"
        rows={5}
        value={pasted}
        onChange={(e) => paste(e.target.value)}
        placeholder="Paste a text here (a few thousand characters or more)…"
        spellCheck={false}
      />
      <div className="your-text-source">
        <ChooseFile label="Choose a .txt file" testId="yourText.file" accept={TEXT_ACCEPT} onFile={(file) => void takeFile(file)} />
        <button type="button" className="btn btn-small" data-testid="yourText.sample" onClick={takeSample}>
          Use the sample text
        </button>
        <span className="muted small" data-testid="yourText.source">
          {state.source ? `${state.source.name}, ${formatInt(state.source.bytes.length)} bytes` : 'No text yet.'}
        </span>
      </div>
      <div className="your-text-fields">
        <CellField value={state.settings.cell} testId="yourText.field.cell" onChange={(cell) => state.setSetting('cell', cell)} />
        {FIELDS.map(({ key, label, step }) => (
          <label key={key} className="your-text-field">
            <span className="field-label">{label}</span>
            <input
              type="number"
              step={step ?? 1}
              value={state.settings[key]}
              data-testid={`yourText.field.${key}`}
              onChange={(e) => state.setSetting(key, Number(e.target.value))}
            />
          </label>
        ))}
      </div>
      <div className="run-buttons">
        <button type="button" className="btn btn-primary" data-testid="yourText.train" disabled={busy} onClick={() => void state.train()}>
          {state.phase === 'reading' ? 'Reading…' : state.phase === 'training' ? 'Training…' : 'Train on this text'}
        </button>
        <button type="button" className="btn" data-testid="yourText.stop" disabled={state.phase !== 'training'} onClick={state.stop}>
          Stop
        </button>
        <PauseResume store={textRun} testIdPrefix="yourText" />
        <CopyRunLink runs={keptTextRuns} testId="yourText.copyLink" />
      </div>
      <TextReadProgress store={textRun} />
      {state.problem && (
        <p className="field-error" role="alert" data-testid="yourText.problem">
          {state.problem}
        </p>
      )}
      <PlanLine plan={state.plan} testId="yourText.plan" />
      <KeptRunNote runs={keptTextRuns} testIdPrefix="yourText" dataWord="text" />
      {state.summary && (
        <p className="small" data-testid="yourText.summary">
          {state.summary.name}: {formatInt(state.summary.characters)} characters, {state.summary.vocabulary} in the vocabulary
          {state.summary.folded.distinct > 0 &&
            ` (${state.summary.folded.distinct} rare ones, seen ${formatInt(state.summary.folded.occurrences)} times in all, as one “other” symbol: ${OTHER_CHAR})`};{' '}
          {formatInt(state.summary.trainSamples)} training and {formatInt(state.summary.validationSamples)} validation windows.
        </p>
      )}
      <EpochLine />
      <LossCurve />
      <Samples />
      <TextTry store={textRun} />
      <TextModelFiles store={textRun} />
      <TextKerasCode store={textRun} />
      <TextInspect store={textRun} />
    </section>
  );
}

function EpochLine() {
  const epochs = useStore(textRun, (s) => s.epochs);
  const result = useStore(textRun, (s) => s.result);
  const last = epochs.at(-1);
  if (!last) return null;
  return (
    <p className="small" data-testid="yourText.epoch" data-epoch={last.epoch}>
      Epoch {last.epoch}/{last.epochs}: loss {last.loss.toFixed(3)}, accuracy {formatPercent(last.acc)}
      {last.valAcc !== undefined && `; validation loss ${last.valLoss!.toFixed(3)}, accuracy ${formatPercent(last.valAcc)}`}
      {result && ` (${result.reason})`}
    </p>
  );
}

/** Every batch's loss, and each epoch's validation loss as a dot at its end. */
function LossCurve() {
  const losses = useStore(textRun, (s) => s.batchLosses);
  const epochs = useStore(textRun, (s) => s.epochs);
  const { path, dots, top } = useMemo(() => {
    const finite = losses.filter(Number.isFinite);
    const max = Math.max(...finite, ...epochs.map((e) => e.valLoss ?? 0), 1e-9);
    const perEpoch = epochs.length > 0 ? losses.length / epochs.length : losses.length;
    const x = (i: number) => (losses.length > 1 ? (i / (losses.length - 1)) * 300 : 0);
    const y = (v: number) => 100 - (v / max) * 100;
    return {
      path: losses.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(Number.isFinite(v) ? v : max).toFixed(1)}`).join(' '),
      dots: epochs.filter((e) => e.valLoss !== undefined).map((e) => ({ cx: x(Math.min(losses.length - 1, Math.round(e.epoch * perEpoch) - 1)), cy: y(e.valLoss!) })),
      top: max,
    };
  }, [losses, epochs]);
  if (losses.length === 0) return null;
  return (
    <figure className="your-text-curve" data-testid="yourText.curve" data-batches={losses.length}>
      <svg viewBox="-2 -2 304 104" role="img" aria-label={`Loss per batch, ${losses.length} batches, from ${losses[0].toFixed(2)} to ${losses.at(-1)!.toFixed(2)}`}>
        <path d={path} fill="none" stroke="currentColor" strokeWidth="1" />
        {dots.map((d, i) => <circle key={i} cx={d.cx} cy={d.cy} r="2.5" className="your-text-val" />)}
      </svg>
      <figcaption className="muted small">Loss per batch (0 to {top.toFixed(2)}); dots: validation loss after each epoch.</figcaption>
    </figure>
  );
}

function Samples() {
  const samples = useStore(textRun, (s) => s.samples);
  const latest = samples.at(-1);
  if (!latest) return null;
  return (
    <div className="your-text-samples" data-testid="yourText.samples" data-epoch={latest.epoch}>
      <h3 className="small">After epoch {latest.epoch}, from the seed “{latest.seed}”</h3>
      {latest.samples.map((g) => (
        <div key={g.temperature} data-testid="yourText.sample.text" data-temperature={g.temperature}>
          <p className="muted small">Temperature {g.temperature.toFixed(1)}</p>
          <pre className="your-text-generated"><span className="muted">{latest.seed}</span>{g.text}</pre>
        </div>
      ))}
    </div>
  );
}
