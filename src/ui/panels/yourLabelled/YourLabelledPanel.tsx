/**
 * "Your labelled texts": a classifier of the user's own labelled sentences (issue #20), from one of
 * the IMDB tutorials' models. Drop or choose a CSV/TSV file with a text and a label column, or a
 * folder laid out like `aclImdb` (one folder of `.txt` files per label); the card shows the columns
 * it guessed (to change), the classes found with their counts, the starting model and the settings.
 * Train reads the data in the parse worker and trains in a training worker of its own, with the
 * curves live, the confusion matrix of the held-out texts after, and a box to try a sentence. The
 * data never leaves the page.
 */
import { useCallback, type DragEvent } from 'react';
import { useStore } from 'zustand';
import { HYPERPARAMS } from '../../../config/hyperparams';
import { evaluationMatrix } from '../../../engine/confusion';
import { CLASSIFIER_STARTS, type ClassifierStart } from '../../../engine/textClassifier/classifierModel';
import type { EvaluationSet, TrainingEngine } from '../../../engine/types';
import { createEngine } from '../../../worker/client';
import { createParseClient, type ParseClient } from '../../../worker/parseClient';
import { formatInt, formatPercent } from '../../format';
import { useAskBeforeLeaving } from '../../hooks/useLeaveGuard';
import type { DataRef, RunConfig } from '../../../config/runConfig';
import { dataLinkStore } from '../../../state/dataLink';
import { CellField } from '../userData/CellField';
import { CopyRunLink } from '../userData/CopyRunLink';
import { DataLinkPrompt } from '../userData/DataLinkPrompt';
import { KeptRunNote } from '../userData/KeptRunNote';
import { useKeptRuns } from '../userData/keptRuns';
import { PauseResume } from '../userData/PauseResume';
import { PlanLine } from '../userData/PlanLine';
import { keepingLabelledRuns, keepLabelled, keptLabelledRuns, labelledSettingsOf, openLabelledRunsHere } from './keptLabelledRuns';
import { ConfusionMatrixTable } from './ConfusionMatrixTable';
import { LabelledInspect } from './LabelledInspect';
import { LabelledKerasCode } from './LabelledKerasCode';
import { LabelledModelFiles } from './LabelledModelFiles';
import { EpochCharts } from './EpochCharts';
import { classifierAtHand, createLabelledRunStore, LABELLED_FIELDS, type LabelledRunState } from './labelledRunStore';
import { TryLabelled } from './TryLabelled';
import { ChooseFolder } from '../userData/ChooseFolder';
import { sourceOfDrop, sourceOfFile } from '../userData/userSource';

// Started when first asked: most visits never train on their own texts.
let engine: TrainingEngine | undefined;
let parse: ParseClient | undefined;
const labelledRun = createLabelledRunStore({
  engine: () => (engine ??= keepingLabelledRuns(createEngine())), parse: () => (parse ??= createParseClient()), onRunStart: keepLabelled,
});
openLabelledRunsHere(labelledRun);

const LABELLED_ACCEPT = '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain';

/** A shared link's settings and columns as the card's (`DataLinkPrompt`); its file, once picked, is read with them. */
function takeLinkSettings(link: RunConfig, data: DataRef): void {
  labelledRun.setState({ settings: labelledSettingsOf(link, data) });
}

/** A link's file: read, then with the link's columns where the file has them (a new file's columns start as a guess). */
async function takeLinkFile(file: { name: string; bytes: Uint8Array }): Promise<void> {
  await labelledRun.getState().setSource({ kind: 'file', file });
  const link = dataLinkStore.getState().link;
  if (!link?.data) return;
  const { textColumn, labelColumn } = labelledSettingsOf(link, link.data);
  const columns = labelledRun.getState().look?.columns ?? [];
  if (textColumn && columns.includes(textColumn)) await labelledRun.getState().setColumn('textColumn', textColumn);
  if (labelColumn && columns.includes(labelColumn)) await labelledRun.getState().setColumn('labelColumn', labelColumn);
}

const SET_TEXT: { readonly [S in EvaluationSet]: string } = { test: 'test texts', validation: 'validation texts', train: 'training texts', 'short-reviews': 'short texts' };
const STAGE_TEXT = { read: 'Reading', parse: 'Parsing', hash: 'Fingerprinting', samples: 'Tokenising' } as const;

export function YourLabelledPanel() {
  const state = useStore(labelledRun);
  const busy = state.phase === 'reading' || state.phase === 'training';
  // A run is kept with its checkpoints, but leaving stops it: the page asks first.
  useAskBeforeLeaving(state.phase === 'training');
  useKeptRuns();
  // A new function when a model is loaded, so Try asks it again about what is typed.
  const ask = useCallback((text: string) => labelledRun.getState().tryClassify(text), [state.loaded]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (busy) return;
    void sourceOfDrop(e.dataTransfer).then((source) => source && labelledRun.getState().setSource(source));
  };

  return (
    <section
      id="your-labelled"
      className="panel your-labelled"
      aria-labelledby="your-labelled-title"
      data-testid="yourLabelled.panel"
      data-phase={state.phase}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <h2 id="your-labelled-title" className="panel-title">Your labelled texts: a classifier</h2>
      <p className="muted small">
        Train IMDB’s recipe on your own sentences, two classes or more. Drop a CSV or TSV file with a text column and a label column here, or a
        folder with one folder of <code>.txt</code> files per label (as <code>aclImdb</code>). It never leaves this page.
      </p>
      <DataLinkPrompt
        kind="classify"
        testIdPrefix="yourLabelled"
        dataWord="labelled texts"
        accept={LABELLED_ACCEPT}
        takeSettings={takeLinkSettings}
        takeFile={(file) => void takeLinkFile(file)}
        takeFolder={(folder) => void labelledRun.getState().setSource(folder)}
      />
      <div className="your-text-source">
        <label className="btn btn-small">
          Choose a CSV or TSV file
          <input
            type="file"
            accept={LABELLED_ACCEPT}
            className="visually-hidden"
            data-testid="yourLabelled.file"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void sourceOfFile(file).then((s) => labelledRun.getState().setSource(s));
              e.target.value = '';
            }}
          />
        </label>
        <ChooseFolder label="Choose a folder" testId="yourLabelled.folder" disabled={busy} onFolder={(folder) => void labelledRun.getState().setSource(folder)} />
        <span className="muted small" data-testid="yourLabelled.source">
          {state.source ? sourceLine(state.source) : 'No file yet.'}
        </span>
      </div>
      <Look state={state} />
      <fieldset className="your-labelled-start" disabled={busy}>
        <legend className="field-label">Starting model</legend>
        {(Object.keys(CLASSIFIER_STARTS) as ClassifierStart[]).map((start) => (
          <label key={start} className="your-labelled-start-choice">
            <input type="radio" name="your-labelled-start" value={start} checked={state.settings.start === start} data-testid={`yourLabelled.start.${start}`} onChange={() => state.setStart(start)} />{' '}
            <strong>{CLASSIFIER_STARTS[start].title}</strong> <span className="muted small">{CLASSIFIER_STARTS[start].summary}</span>
          </label>
        ))}
      </fieldset>
      <div className="your-text-fields">
        <CellField value={state.settings.hp.cell} testId="yourLabelled.field.cell" disabled={busy} onChange={(cell) => state.setField('cell', cell)} />
        {LABELLED_FIELDS.map((key) => (
          <label key={key} className="your-text-field">
            <span className="field-label">{HYPERPARAMS[key].label}</span>
            <input
              type="number"
              step={Number.isInteger(state.settings.hp[key]) ? 1 : 'any'}
              value={state.settings.hp[key] as number}
              data-testid={`yourLabelled.field.${key}`}
              disabled={busy}
              onChange={(e) => state.setField(key, Number(e.target.value))}
            />
          </label>
        ))}
      </div>
      <div className="run-buttons">
        <button type="button" className="btn btn-primary" data-testid="yourLabelled.train" disabled={busy} onClick={() => void state.train()}>
          {state.phase === 'reading' ? 'Reading…' : state.phase === 'training' ? 'Training…' : 'Train on these texts'}
        </button>
        <button type="button" className="btn" data-testid="yourLabelled.stop" disabled={state.phase !== 'training'} onClick={state.stop}>
          Stop
        </button>
        <PauseResume store={labelledRun} testIdPrefix="yourLabelled" />
        <CopyRunLink runs={keptLabelledRuns} testId="yourLabelled.copyLink" />
      </div>
      {state.progress && (
        <label className="small your-labelled-progress">
          {STAGE_TEXT[state.progress.stage]}…{' '}
          <progress data-testid="yourLabelled.progress" max={1} value={state.progress.fraction} />
        </label>
      )}
      {state.problem && (
        <p className="field-error" role="alert" data-testid="yourLabelled.problem">
          {state.problem}
        </p>
      )}
      <PlanLine plan={state.plan} testId="yourLabelled.plan" />
      <KeptRunNote runs={keptLabelledRuns} testIdPrefix="yourLabelled" dataWord="labelled texts" />
      <EpochLine state={state} />
      {state.epochs.length > 0 && <EpochCharts epochs={state.epochs} testId="yourLabelled.chart" />}
      <Evaluation state={state} />
      <TryLabelled canTry={state.canTry} version={state.epochs.length} ask={ask} />
      <LabelledInspect store={labelledRun} />
      <LabelledModelFiles atHand={classifierAtHand(state)} busyTraining={busy} loadModel={state.loadModel} />
      <LabelledKerasCode store={labelledRun} />
    </section>
  );
}

function sourceLine(source: NonNullable<LabelledRunState['source']>): string {
  if (source.kind === 'file') return `${source.file.name}, ${formatInt(source.file.bytes.length)} bytes`;
  return `folder ${source.name}, ${formatInt(source.files.length)} files`;
}

/** The columns read (selects to change them) and the classes found. */
function Look({ state }: { state: LabelledRunState }) {
  const { look } = state;
  if (!look) return null;
  const busy = state.phase === 'reading' || state.phase === 'training';
  return (
    <div className="your-labelled-look" data-testid="yourLabelled.look">
      {look.columns.length > 0 && (
        <div className="your-text-fields">
          {(['textColumn', 'labelColumn'] as const).map((which) => (
            <label key={which} className="your-text-field">
              <span className="field-label">{which === 'textColumn' ? 'Text column' : 'Label column'}</span>
              <select
                data-testid={`yourLabelled.${which}`}
                value={look[which]}
                disabled={busy}
                onChange={(e) => void state.setColumn(which, e.target.value)}
              >
                {look.columns.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
          ))}
        </div>
      )}
      <p className="small" data-testid="yourLabelled.summary">
        {look.name}: {look.classes.length} classes, {formatInt(look.trainSamples)} training and {formatInt(look.validationSamples)} validation texts,{' '}
        {formatInt(look.words)} distinct words.
      </p>
      <ul className="your-labelled-counts" aria-label="Classes found">
        {look.classes.map((c) => (
          <li key={c.name} data-testid="yourLabelled.class" data-class={c.name} data-count={c.count}>
            <strong>{c.name}</strong> {formatInt(c.count)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EpochLine({ state }: { state: LabelledRunState }) {
  const last = state.epochs.at(-1);
  if (!last) return null;
  return (
    <p className="small" data-testid="yourLabelled.epoch" data-epoch={last.epoch}>
      Epoch {last.epoch}/{last.epochs}: loss {last.loss.toFixed(3)}, accuracy {formatPercent(last.acc)}
      {last.valAcc !== undefined && `; validation loss ${last.valLoss!.toFixed(3)}, accuracy ${formatPercent(last.valAcc)}`}
      {state.result && ` (${state.result.reason})`}
    </p>
  );
}

function Evaluation({ state }: { state: LabelledRunState }) {
  const evaluation = state.result?.evaluation;
  const matrix = evaluation && evaluationMatrix(evaluation);
  if (!evaluation) return null;
  return (
    <div data-testid="yourLabelled.evaluation" data-accuracy={evaluation.accuracy}>
      <p className="small">
        <strong>{formatPercent(evaluation.accuracy, 2)}</strong> accuracy on the {SET_TEXT[evaluation.set]} ({formatInt(evaluation.count)} texts, loss{' '}
        {evaluation.loss.toFixed(4)})
      </p>
      {matrix && <ConfusionMatrixTable matrix={matrix} classNames={state.classNames} set={SET_TEXT[evaluation.set]} testId="yourLabelled.confusion" />}
    </div>
  );
}
