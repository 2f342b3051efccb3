/**
 * Kept runs of a user's data, per kind: what the Runs panel calls them, which card they open in,
 * and how their dataset is read back from the dataset store. One row per kind of data
 * (`UserRunKind`: `RunData`'s rows other than the tutorial's), so a new kind does not compile until
 * it says all of it; the model side of each kind is its row in `engine/configModel.ts`.
 *
 * A card restores a run itself (its curves, its Try) and resumes an interrupted one: it registers
 * both here when its module loads (`registerCard`), so this module, the runs slice and the Runs panel never import a card.
 */
import { valueLabel } from '../config/hyperparams';
import type { DataRef, RunConfig } from '../config/runConfig';
import type { UserRunKind } from '../engine/configModel';
import type { DatasetContent } from '../engine/data/user/datasetRecord';
import type { UserDataSource } from '../engine/data/user/prepareUserData';
import type { Checkpoint } from '../engine/types';
import type { KeptModel, RunRecord } from '../platform/runStore';
import { SCENARIOS } from '../scenarios';

/** A kept run of a user's data, as Open hands it to its card. */
export interface OpenedUserRun {
  record: RunRecord;
  data: DataRef;
  /** Its trained weights, where kept. */
  model?: KeptModel;
  /** Why it has no model to try, in one sentence, where it has none. */
  modelMissing?: string;
  /** Whether its dataset is still kept (it may have been removed on its own). */
  datasetKept: boolean;
}

export type CardOpener = (run: OpenedUserRun) => void;

/** An interrupted run of a user's data, to resume in its card: its checkpoint, and its lock's release (held by now). */
export interface ResumedUserRun {
  runId: string;
  checkpoint: Checkpoint;
  release: () => void;
}

export type CardResumer = (run: ResumedUserRun) => void;

/** What a card registers: how it restores a kept run, and how it resumes an interrupted one. */
export interface CardHooks {
  open: CardOpener;
  resume: CardResumer;
}

interface UserRunKindRow {
  /** The card's name: "Your text". The Runs list shows it with the data's name where a tutorial's title would be. */
  card: string;
  /** The card's element id, to scroll to when a run opens in it. */
  cardId: string;
  /** The dataset's bytes as the data layer reads them again (`prepareUserData`'s source). */
  source(content: DatasetContent, name: string): UserDataSource;
}

export const USER_RUN_KINDS: { [K in UserRunKind]: UserRunKindRow } = {
  text: {
    card: 'Your text',
    cardId: 'your-text',
    source: (content) => ({ kind: 'file', file: content.files[0] }),
  },
  series: {
    card: 'Your series',
    cardId: 'your-series',
    source: (content) => ({ kind: 'file', file: content.files[0] }),
  },
  classify: {
    card: 'Your labelled texts',
    cardId: 'your-labelled',
    // A folder is kept as its files with their paths; one CSV or TSV as itself.
    source: (content, name) => (content.files.length === 1 && !content.files[0].name.includes('/')
      ? { kind: 'file', file: content.files[0] }
      : { kind: 'folder', name, files: content.files }),
  },
};

/** The row of a run's data kind, or undefined for a kind this version cannot open (a newer page's record). */
export function userRunKind(data: DataRef): UserRunKindRow | undefined {
  const kind = data.task.kind;
  return Object.hasOwn(USER_RUN_KINDS, kind) ? USER_RUN_KINDS[kind as UserRunKind] : undefined;
}

/** What a run trained on, for lists and legends: the tutorial's title, or "Your text: notes.txt". */
export function runTitle(config: RunConfig): string {
  if (!config.data) return SCENARIOS[config.scenario].title;
  return `${userRunKind(config.data)?.card ?? `Your ${config.data.task.kind} data`}: ${config.data.name}`;
}

/**
 * A short form for a run's default name: "Alphabet", or the data's file name; where the recurrent
 * layer was a choice (a user's data, a card that offers it), with its kind ("Why LSTM? · GRU"), so
 * runs laid over each other in Compare tell themselves apart.
 */
export function runShortTitle(config: RunConfig): string {
  const scenario = SCENARIOS[config.scenario];
  const title = config.data ? config.data.name : scenario.title.split(':')[0];
  const chosen = config.data ? config.hp.cell !== 'lstm' : scenario.fields.includes('cell');
  return chosen ? `${title} · ${valueLabel('cell', config.hp.cell)}` : title;
}

const cards: Partial<Record<UserRunKind, CardHooks>> = {};
const waiting: Partial<Record<UserRunKind, ((hooks: CardHooks) => void)[]>> = {};

/** A card says how it restores and resumes its kind's runs (once, when its module loads). */
export function registerCard(kind: UserRunKind, hooks: CardHooks): void {
  cards[kind] = hooks;
  for (const resolve of waiting[kind] ?? []) resolve(hooks);
  delete waiting[kind];
}

/** The card's hooks, once its module has loaded (cards load as chunks of their own). */
function cardHooks(kind: UserRunKind): Promise<CardHooks> {
  const hooks = cards[kind];
  if (hooks) return Promise.resolve(hooks);
  return new Promise((resolve) => (waiting[kind] ??= []).push(resolve));
}

export const cardOpener = async (kind: UserRunKind): Promise<CardOpener> => (await cardHooks(kind)).open;
export const cardResumer = async (kind: UserRunKind): Promise<CardResumer> => (await cardHooks(kind)).resume;
