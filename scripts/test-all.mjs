// `npm test`: the whole suite, in the order that fails fastest. CI runs exactly this.
//   1. typecheck  2. unit tests (Vitest)  3. data + production build  4. end-to-end (Playwright + Chromium)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const node = process.execPath;
const step = (title, args, env = {}) => {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(node, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium is missing at ${chromium}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}

step('typecheck', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
step('unit tests', ['node_modules/vitest/vitest.mjs', 'run']);
step('IMDB data (skipped when current)', ['node_modules/tsx/dist/cli.mjs', 'scripts/prepare-imdb.ts', '--if-stale']);
step('wasm binaries', ['scripts/copy-wasm.mjs']);
step('production build', ['node_modules/vite/bin/vite.js', 'build']);
step('end-to-end', ['node_modules/@playwright/test/cli.js', 'test']);
