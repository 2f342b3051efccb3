/**
 * The LSTM implementations the builder can use, keyed by the `lstmImpl` hyperparameter. Both
 * have Keras' weight layout, so a model's weights mean the same thing whichever one built it.
 */
import type { LstmImpl } from '../../config/hyperparams';
import { tfjsLstm, type LstmFactory } from './buildModel';
import { createFusedLstm } from './fusedLstm';

export const LSTM_FACTORIES: { readonly [K in LstmImpl]: LstmFactory } = {
  layers: tfjsLstm,
  fused: (spec, extra) =>
    createFusedLstm(spec, { inputShape: extra.inputShape, batchInputShape: extra.batchInputShape, name: extra.name }),
};
