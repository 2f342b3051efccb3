/** Runs `verify_export.py` on a cases file for the export tests: no check may fail, and every case is counted. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

const SCRIPT = join(import.meta.dirname, 'verify_export.py');

/** The script's output, after expecting it passed with `models` cases checked. */
export function expectVerified(python: string, casesFile: string, models: number): string {
  const run = spawnSync(python, [SCRIPT, casesFile], { encoding: 'utf8', timeout: 60_000 });
  const failed = run.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
  expect(failed, run.stderr).toEqual([]);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain(`${models} models, 0 failed checks`);
  return run.stdout;
}
