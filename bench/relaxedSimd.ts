// Chromium ships WebAssembly relaxed SIMD; Node 20's V8 has it behind a flag. Imported first by
// the Node tools (and the unit tests' setup), before anything compiles a module, so they run the
// relaxed-SIMD kernels the app runs in the browser. Newer Node ignores the flag.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--experimental-wasm-relaxed-simd');
