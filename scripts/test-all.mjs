// `npm test`: the whole suite, in the order that fails fastest. CI runs exactly this.
//   1. typecheck  2. unit tests (Vitest)  3. data + production build  4. end-to-end (Playwright + Chromium)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const node = process.execPath;
const step = (title, args, env = {}) => {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(node, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

/** Machine-readable results of each runner, summed into the closing line (not under test-results/, which Playwright empties). */
const UNIT_JSON = 'test-reports/unit.json';
const E2E_JSON = 'test-reports/e2e.json';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium is missing at ${chromium}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}

step('WebAssembly kernels', ['scripts/build-kernels.mjs']);
step('typecheck', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
step('unit tests', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_JSON}`]);
step('IMDB data (skipped when current)', ['--import', 'tsx', 'scripts/prepare-imdb.ts', '--if-stale']);
step('wasm binaries', ['scripts/copy-wasm.mjs']);
step('production build', ['node_modules/vite/bin/vite.js', 'build']);
step('end-to-end', ['node_modules/@playwright/test/cli.js', 'test'], { E2E_JSON });

// One closing line over both runners, in the form CI reads.
const unit = JSON.parse(readFileSync(UNIT_JSON, 'utf8'));
const e2e = JSON.parse(readFileSync(E2E_JSON, 'utf8')).stats;
const passed = unit.numPassedTests + e2e.expected + e2e.flaky;
const failed = unit.numFailedTests + e2e.unexpected;
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.skipped;
console.log(`\nunit ${unit.numPassedTests} + end-to-end ${e2e.expected} tests`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0) process.exit(1);
