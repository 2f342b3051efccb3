/**
 * The recurrent layer a user's-data model stacks, of the kind its `cell` hyperparameter names:
 * one function, so the text, classifier and series models offer the same kinds with the same
 * arguments (the tutorials build their LSTMs as published, in `../../scenarios/`).
 */
import type { CellChoice } from '../../config/hyperparams';
import type { LayerSpec, RecurrentLayerSpec } from './types';

/** What every recurrent kind's spec has besides its kind (the LSTM adds `stateful`). */
export type RecurrentArgs = Omit<Extract<RecurrentLayerSpec, { kind: 'gru' }>, 'kind'>;

const BUILD: { readonly [C in CellChoice]: (a: RecurrentArgs) => Extract<RecurrentLayerSpec, { kind: C }> } = {
  lstm: (a) => ({ kind: 'lstm', ...a, stateful: false }),
  gru: (a) => ({ kind: 'gru', ...a }),
  simpleRnn: (a) => ({ kind: 'simpleRnn', ...a }),
};

export function recurrentLayer(cell: CellChoice, args: RecurrentArgs): RecurrentLayerSpec {
  return BUILD[cell](args);
}

/** Whether a layer is one of the recurrent kinds (LSTM, GRU, SimpleRNN). */
export function isRecurrent(layer: LayerSpec): layer is RecurrentLayerSpec {
  return layer.kind in BUILD;
}
