/**
 * One loader per kind of data a scenario can name (a typed table, so adding a data kind without a
 * loader does not compile). Generated data is built in memory from the seed; IMDB comes from the
 * prepared shards through the injected AssetSource.
 */
import type { HyperParams } from '../../config/hyperparams';
import type { DataKind, DataSpec } from '../../scenarios/types';
import type { DataProgress, DatasetPreview } from '../types';
import { generateAlphabetStateful, generateAlphabetVariable } from './alphabet';
import type { AssetSource } from './assets';
import { takeValidationSplit, type Dataset } from './dataset';
import { loadImdb } from './imdb/loadImdb';
import { loadShortReviews } from './imdb/shortReviews';
import { generateMemory } from './memory';
import type { ImdbVocab } from './imdb/vocab';
import { generateTrend } from './trend';

export interface LoadedData {
  dataset: Dataset;
  preview?: DatasetPreview;
  /** IMDB only: the word index, for classifying typed reviews. */
  vocab?: ImdbVocab;
}

export interface LoadContext {
  assets: AssetSource;
  onProgress?: (p: DataProgress) => void;
}

type Loader<K extends DataKind> = (spec: Extract<DataSpec, { kind: K }>, hp: HyperParams, ctx: LoadContext) => Promise<LoadedData>;

const LOADERS: { [K in DataKind]: Loader<K> } = {
  'alphabet-variable': async (_spec, hp) => ({ dataset: generateAlphabetVariable(hp) }),
  'alphabet-stateful': async () => ({ dataset: generateAlphabetStateful() }),
  trend: async (spec, hp) => ({ dataset: generateTrend(spec.features, hp.samples, hp.seed) }),
  imdb: async (_spec, hp, ctx) => loadImdb(ctx.assets, hp, ctx.onProgress),
  'imdb-short-reviews': async (_spec, hp, ctx) => loadShortReviews(ctx.assets, hp, ctx.onProgress),
  memory: async (_spec, hp) => ({ dataset: generateMemory(hp) }),
};

/**
 * Loads a scenario's data and, when it brings no validation set of its own, holds out the last
 * `validationSplit` of it, as Keras `fit(validation_split=…)` does.
 */
export async function loadDataset(spec: DataSpec, hp: HyperParams, ctx: LoadContext): Promise<LoadedData> {
  const loader = LOADERS[spec.kind] as Loader<DataKind>;
  const loaded = await loader(spec as never, hp, ctx);
  if (loaded.dataset.validation || hp.validationSplit <= 0) return loaded;
  const { train, validation } = takeValidationSplit(loaded.dataset.train, hp.validationSplit);
  return { ...loaded, dataset: { ...loaded.dataset, train, validation } };
}
