/**
 * The LSTM layers a tfjs trainer can build with, by trainer kind. Both have Keras' weight layout,
 * so a model's weights mean the same thing whichever one built it.
 */
import type { TfjsTrainerKind } from '../../config/hyperparams';
import { tfjsLstm, type LstmFactory } from './buildModel';
import { createFusedLstm } from './fusedLstm';

export const LSTM_FACTORIES: { readonly [K in TfjsTrainerKind]: LstmFactory } = {
  layers: tfjsLstm,
  fused: (spec, extra) =>
    createFusedLstm(spec, { inputShape: extra.inputShape, batchInputShape: extra.batchInputShape, name: extra.name }),
};
