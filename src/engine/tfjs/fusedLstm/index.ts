/** The fused LSTM: a fast, Keras-compatible replacement for tfjs-layers' LSTM. See README.md. */
export { createFusedLstm, FusedLSTM, type FusedLstmLayerArgs, type LstmLayerSpec } from './layer';
export {
  chooseFusedLstmPath,
  fusedLstm,
  setFusedLstmPath,
  type FusedLstmOptions,
  type FusedLstmPath,
  type FusedLstmResult,
} from './ops';
export { FUSED_KERNEL_BACKENDS, registerFusedLstmKernels } from './register';
export { CELL_BACKWARD, CELL_FORWARD, UNPACK } from './kernelNames';
export { checkFusedLstmKernels, type FusedLstmCheck } from './selfCheck';
