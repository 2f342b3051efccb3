// `npm start`: make sure generated assets are present and current, then start the dev server and
// print the URL. Data preparation is skipped quickly when its outputs are up to date.
import { spawn, spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['scripts/build-kernels.mjs']);
run(process.execPath, ['scripts/copy-wasm.mjs']);
const data = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/prepare-imdb.ts', '--if-stale'], { stdio: 'inherit' });
if (data.status !== 0) {
  console.warn('\nIMDB data could not be prepared (see above): the IMDB tutorials will say so; the others work.\n');
}
const port = process.env.PORT ?? '5173';
const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', port, '--strictPort', '--host', '127.0.0.1'], {
  stdio: 'inherit',
});
console.log(`\nLSTM Lab: open http://127.0.0.1:${port}/\n`);
vite.on('exit', (code) => process.exit(code ?? 0));
