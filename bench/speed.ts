/**
 * `npm run bench:speed -- [--only imdb-small-vocab,alphabet] [--node|--browser|--torch] [--quick] …`
 *
 * Times every tutorial model with tfjs-layers' LSTM, our fused LSTM and (for the models it can
 * train) the typed trainer, side by side, in Node
 * (wasm, cpu), in headless Chromium (a module worker under cross-origin isolation: wasm, webgl,
 * webgpu) and in PyTorch, then judges the speed targets. stdout: one JSON line per measurement and
 * a final summary object; stderr: progress and the tables. Results: bench/results/speed.json.
 * See bench/speed/ (args, models and FLOP counts, timing, runners, report) and `--help`.
 *
 * This file prepares what the benchmark loads and serves (bench/speed/prepare.ts) and only then
 * imports the rest (bench/speed/run.ts): the engine's modules are read when they are imported, so
 * kernels compiled afterwards would not be the ones measured.
 */
// First: the flag must be set before any WebAssembly is compiled.
import './relaxedSimd';
import { prepare } from './speed/prepare';

if (!process.argv.includes('--help')) prepare((line) => process.stderr.write(`${line}\n`));
await import('./speed/run');
