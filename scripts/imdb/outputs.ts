/**
 * The output folder: writing a build into it, and deciding whether what is already there is
 * complete and current (for `--if-stale`).
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDataFileError } from '../../src/engine/data/imdb/errors';
import { manifestFiles, parseManifest, verifyFile, type ImdbManifest } from '../../src/engine/data/imdb/manifest';
import { MANIFEST_FILE, type BuiltFile } from './build';

/** Names this script writes; only these are ever deleted from the output folder. */
const OWN_FILE = /^(?:(?:train|test)-\d{3}\.bin|vocab\.txt|manifest\.json)$/;

/**
 * Writes a build. The old manifest goes first and the new one last, so an interrupted run leaves
 * no manifest that points at half-written files (the app then says "missing", not "corrupt").
 * Shards left over from an older build with more shards are removed.
 */
export async function writeOutputs(outDir: string, files: readonly BuiltFile[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await rm(join(outDir, MANIFEST_FILE), { force: true });
  const keep = new Set(files.map((f) => f.path));
  for (const name of await readdir(outDir)) {
    if (OWN_FILE.test(name) && !keep.has(name)) await rm(join(outDir, name), { force: true });
  }
  for (const f of files) {
    const tmp = join(outDir, `.${f.path}.tmp-${process.pid}`);
    await writeFile(tmp, f.bytes);
    await rename(tmp, join(outDir, f.path));
  }
}

export type OutputState =
  | { ok: true; manifest: ImdbManifest }
  | { ok: false; reason: string };

/** Reads the manifest in `outDir` and checks every file it lists (size and SHA-256). */
export async function checkOutputs(outDir: string): Promise<OutputState> {
  let manifest: ImdbManifest;
  try {
    manifest = parseManifest(await readFile(join(outDir, MANIFEST_FILE)));
  } catch (e) {
    return { ok: false, reason: isDataFileError(e) ? e.message : 'there is no manifest yet' };
  }
  for (const entry of manifestFiles(manifest)) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(outDir, entry.path));
    } catch {
      return { ok: false, reason: `${entry.path} is missing` };
    }
    try {
      await verifyFile(entry, bytes, entry.path);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  }
  return { ok: true, manifest };
}

/** Whether a manifest was made from this input by this generator. */
export function isCurrent(
  manifest: ImdbManifest,
  source: Pick<ImdbManifest['source'], 'bytes' | 'sha256'>,
  generator: ImdbManifest['generator'],
): boolean {
  return (
    manifest.source.bytes === source.bytes &&
    manifest.source.sha256 === source.sha256 &&
    manifest.generator.version === generator.version &&
    manifest.generator.sourceSha256 === generator.sourceSha256
  );
}
