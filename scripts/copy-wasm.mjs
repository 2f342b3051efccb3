// Copies tfjs-backend-wasm's binaries into public/tfjs-wasm/ so both the dev server and the build
// serve them from our own origin (required under cross-origin isolation; see setWasmPaths).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const from = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
const to = 'public/tfjs-wasm';
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(from, file), join(to, file));
