/**
 * The "Your labelled texts" card's kept runs (`userData/keptRuns.ts` does the keeping for every
 * kind): how a kept run is restored into the card — its start model, settings and columns, its
 * curves and confusion matrix, Try and Inspect from its kept weights on the page's thread (the
 * reference holds the classes and the fitted tokenizer, so the texts are not read again) — and how
 * an interrupted one resumes from its checkpoint on its texts read back from the dataset store.
 */
import type { DataRef, RunConfig } from '../../../config/runConfig';
import { configModel, keptClassifierReading } from '../../../engine/configModel';
import type { UserDataSource } from '../../../engine/data/user/prepareUserData';
import type { PreparedLabelled } from '../../../engine/textClassifier/classifyRow';
import type { TrainingEngine } from '../../../engine/types';
import { USER_RUN_KINDS, type OpenedUserRun, type ResumedUserRun } from '../../../state/userRunKinds';
import { keptRunsOf } from '../userData/keptRuns';
import { DEFAULT_CLASSIFIER_START } from '../../../engine/textClassifier/classifierModel';
import type { KeptLabelledRun, LabelledRunStore, LabelledSettings } from './labelledRunStore';

export const keptLabelledRuns = keptRunsOf('classify');

/** The card's engine, with every run of a user's labelled texts kept. */
export const keepingLabelledRuns = (engine: TrainingEngine): TrainingEngine => keptLabelledRuns.keeping(engine);

/** At a run's start: its file or folder is kept once by hash (a folder as its files with their paths). */
export function keepLabelled(source: UserDataSource, labelled: PreparedLabelled): void {
  const files = source.kind === 'file' ? [source.file] : source.files;
  keptLabelledRuns.keepDataset(labelled.record, { files: files.map((f) => ({ name: f.name, bytes: f.bytes })) });
}

/** A run's (or a link's) settings as the card's: the start model, the hyperparameters, the columns by name. */
export function labelledSettingsOf({ hp }: RunConfig, data: DataRef): LabelledSettings {
  const task = data.task.kind === 'classify' ? data.task : undefined;
  const column = (c: string | number | undefined) => (typeof c === 'string' ? c : undefined);
  return { start: data.classify?.start ?? DEFAULT_CLASSIFIER_START, hp: { ...hp }, textColumn: column(task?.textColumn), labelColumn: column(task?.labelColumn) };
}

async function keptSource(hash: string, name: string): Promise<UserDataSource | null> {
  const content = await keptLabelledRuns.datasetContent(hash);
  return content && content.files.length > 0 ? USER_RUN_KINDS.classify.source(content, name) : null;
}

/** The kept run as the card shows it: Try and Inspect answer from its kept weights on the page's thread. */
export function keptLabelledRun(run: OpenedUserRun, source: UserDataSource | null): KeptLabelledRun {
  const { record, data } = run;
  const model = run.model && data.classify
    ? {
      model: { spec: configModel(record.config), weights: run.model.weights, reading: keptClassifierReading(record.config, data) },
      // Its files are named after its data, as the run's own downloads were.
      name: data.name, learningRate: record.config.hp.learningRate,
    }
    : null;
  return {
    source, settings: labelledSettingsOf(record.config, data), epochs: record.epochs,
    result: record.result ?? { reason: 'stopped', epochsDone: record.epochs.length, last: record.epochs.at(-1) },
    classNames: data.classify?.classNames ?? [], model,
  };
}

/** Restores a kept run into the card. A run in progress is not replaced. */
export async function restoreLabelledRun(store: LabelledRunStore, run: OpenedUserRun): Promise<void> {
  const { phase } = store.getState();
  if (phase === 'reading' || phase === 'training') {
    store.setState({ problem: 'Stop the run on labelled texts in progress before opening another.' });
    return;
  }
  const source = run.datasetKept ? await keptSource(run.data.hash, run.data.name) : null;
  let kept: KeptLabelledRun;
  try {
    kept = keptLabelledRun(run, source);
  } catch (e) {
    store.setState({ phase: 'failed', problem: `“${run.record.name}” cannot be opened: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  keptLabelledRuns.showOpened(run, source !== null);
  store.getState().showKept(kept);
}

/**
 * Resumes an interrupted run from its checkpoint: its texts come back from the dataset store by hash
 * and are read again with the run's own columns and settings; the run continues its kept record.
 */
export async function resumeLabelledRun(store: LabelledRunStore, run: ResumedUserRun): Promise<void> {
  const { config } = run.checkpoint;
  const data = config.data;
  const refuse = (problem: string) => keptLabelledRuns.refuseResume(run, store, problem);
  if (!data || data.task.kind !== 'classify') return refuse('This checkpoint is not of a run on labelled texts.');
  const { phase } = store.getState();
  if (phase === 'reading' || phase === 'training') return refuse('Stop the run on labelled texts in progress before resuming another.');
  const source = await keptSource(data.hash, data.name);
  if (!source) return refuse(`The labelled texts “${data.name}” of this run are no longer kept in this browser, so it cannot be resumed; train on them again instead.`);
  store.setState({ source, settings: labelledSettingsOf(config, data), look: null });
  await keptLabelledRuns.continueRun(run, () => store.getState().train(run.checkpoint));
}

/** Registers the card as where kept runs on labelled texts open and resume. */
export function openLabelledRunsHere(store: LabelledRunStore): void {
  keptLabelledRuns.register({ open: (run) => void restoreLabelledRun(store, run), resume: (run) => void resumeLabelledRun(store, run) });
}
