// tfjs greets every Node process on stderr ("Hi, looks like you are running TensorFlow.js in
// Node.js…", advice to install tfjs-node, which this tool does not use: it trains on WASM and typed
// arrays). Production mode silences tfjs' log.warn/log.info and nothing else (tfjs-core reads
// PROD only there), so the command line prints what it has to say and no more.
import * as tf from '@tensorflow/tfjs';

tf.enableProdMode();
