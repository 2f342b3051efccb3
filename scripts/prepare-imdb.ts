/**
 * `npm run data:imdb [-- --out DIR] [-- --if-stale]`
 *
 * Builds the static IMDB assets the app loads (public/data/imdb/ by default): a vocabulary, binary
 * shards of encoded reviews and a manifest with sizes and SHA-256s. Reads the tarball as a stream,
 * never extracting it. With `--if-stale` it does nothing when the outputs are complete and were
 * made from the same tarball by the same code, so `npm start` can call it every time.
 *
 * The outputs are derived from the dataset and must never be committed (public/data/ is ignored).
 */
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImdbManifest } from '../src/engine/data/imdb/manifest';
import { buildImdbFiles } from './imdb/build';
import { generatorFingerprint, REPO_ROOT } from './imdb/generator';
import { CACHED_TARBALL, OFFICIAL_URL, downloadTarball, findLocalTarball } from './imdb/locate';
import { checkOutputs, isCurrent, writeOutputs } from './imdb/outputs';
import { createProgressLine, formatBytes, type ProgressLine } from './imdb/progress';
import { countProblem, fingerprintFile, readImdbTarball } from './imdb/readTarball';

export const DEFAULT_OUT = 'public/data/imdb';

export interface PrepareOptions {
  /** Output folder, relative to `root` unless absolute. */
  outDir?: string;
  ifStale?: boolean;
  /** Repository root: where relative paths start. */
  root?: string;
  env?: NodeJS.ProcessEnv;
  progress?: ProgressLine;
}

export interface PrepareResult {
  /** True when `--if-stale` found nothing to do. */
  skipped: boolean;
  outDir: string;
  manifest: ImdbManifest;
  seconds: number;
}

export async function prepareImdb(opts: PrepareOptions = {}): Promise<PrepareResult> {
  const t0 = performance.now();
  const root = opts.root ?? REPO_ROOT;
  const outDir = resolve(root, opts.outDir ?? DEFAULT_OUT);
  const ui = opts.progress ?? createProgressLine();
  const seconds = (): number => (performance.now() - t0) / 1000;
  const generator = await generatorFingerprint(root);
  let tarball = findLocalTarball(root, opts.env);

  if (opts.ifStale) {
    const state = await checkOutputs(outDir);
    if (state.ok && !tarball) {
      ui.log(`IMDB data in ${outDir} is complete; no local tarball to compare with, so it is kept.`);
      return { skipped: true, outDir, manifest: state.manifest, seconds: seconds() };
    }
    if (state.ok && tarball) {
      const source = await fingerprintFile(tarball.path);
      if (isCurrent(state.manifest, source, generator)) {
        ui.log(`IMDB data in ${outDir} is up to date (${seconds().toFixed(1)} s to check).`);
        return { skipped: true, outDir, manifest: state.manifest, seconds: seconds() };
      }
      ui.log('IMDB data is stale (a different tarball or generator made it); rebuilding.');
    } else if (!state.ok) {
      ui.log(`IMDB data needs building: ${state.reason}`);
    }
  }

  if (!tarball) {
    const dest = resolve(root, CACHED_TARBALL);
    ui.log(`No local IMDB tarball; downloading ${OFFICIAL_URL} (about 80 MiB) to ${CACHED_TARBALL}.`);
    await downloadTarball(OFFICIAL_URL, dest, (loaded, total) => ui.update('download', loaded, total, 'bytes'));
    tarball = { path: dest, why: 'just downloaded' };
  }
  ui.log(`Reading ${tarball.path} (${tarball.why}).`);
  const fp = await fingerprintFile(tarball.path);
  const source = { file: basename(tarball.path), ...fp };

  const reviews = await readImdbTarball(tarball.path, (p) =>
    ui.update('read', p.bytesRead, p.bytesTotal, 'bytes', `${p.entries} entries, ${p.reviews} reviews`),
  );
  const problem = countProblem(reviews);
  if (problem) {
    throw new Error(`${tarball.path} is not the complete IMDB dataset: ${problem}. Delete it (or fix IMDB_TARBALL) and run again.`);
  }
  ui.log(`Read ${reviews.length} reviews in ${seconds().toFixed(1)} s.`);

  const built = await buildImdbFiles(reviews, {
    source,
    generator,
    onPhase: (phase) => ui.log(`${phase} (${seconds().toFixed(1)} s)`),
  });
  ui.log(`write ${outDir} (${seconds().toFixed(1)} s)`);
  await writeOutputs(outDir, built.files);

  const m = built.manifest;
  const total = built.files.reduce((s, f) => s + f.bytes.length, 0);
  ui.log(
    `Done in ${seconds().toFixed(1)} s: ${m.counts.train.neg + m.counts.train.pos} train and ` +
      `${m.counts.test.neg + m.counts.test.pos} test reviews, ${m.vocabSize} distinct words, ` +
      `${built.files.length} files, ${formatBytes(total)}.`,
  );
  for (const f of built.files) ui.log(`  ${f.path.padEnd(16)} ${formatBytes(f.bytes.length).padStart(10)}`);
  return { skipped: false, outDir, manifest: m, seconds: seconds() };
}

const USAGE = `Usage: npm run data:imdb -- [--out DIR] [--if-stale]

  --out DIR    write to DIR instead of ${DEFAULT_OUT}
  --if-stale   do nothing if DIR already holds complete data from the same tarball and code

The tarball is taken from $IMDB_TARBALL, else ../shared/data/aclImdb_v1-labeled.tar.gz,
else ${CACHED_TARBALL}, else downloaded from ${OFFICIAL_URL}.`;

export function parseArgs(argv: readonly string[]): PrepareOptions & { help?: boolean } {
  const opts: PrepareOptions & { help?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--if-stale') opts.ifStale = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--out' && argv[i + 1] !== undefined) opts.outDir = argv[++i];
    else if (a.startsWith('--out=')) opts.outDir = a.slice('--out='.length);
    else throw new Error(`Unknown argument ${JSON.stringify(a)}.\n\n${USAGE}`);
  }
  return opts;
}

async function main(): Promise<void> {
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(USAGE);
      return;
    }
    // Relative --out paths are relative to where the user typed the command (npm runs scripts
    // from the package root and keeps the original folder in INIT_CWD).
    if (opts.outDir) opts.outDir = resolve(process.env.INIT_CWD ?? process.cwd(), opts.outDir);
    await prepareImdb(opts);
  } catch (e) {
    console.error(`\nprepare-imdb: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.DEBUG && e instanceof Error) console.error(e.stack);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
