// Chromium ships WebAssembly relaxed SIMD; Node 20's V8 has it behind a flag. Turning it on here
// (before any test compiles a module) lets the unit tests run the relaxed-SIMD kernels the app
// uses in the browser, next to the plain SIMD and JavaScript ones. Newer Node ignores the flag.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--experimental-wasm-relaxed-simd');
