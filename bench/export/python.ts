/**
 * A Python 3 that can import h5py and numpy, for the export checks: `$PYTHON` if set, else
 * Debian's `/usr/bin/python3` (where apt installs python3-h5py), else whatever `python3` is on
 * the PATH (which may be another installation without them).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function pythonWithH5py(): string | null {
  const candidates = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  return candidates.find((p) => spawnSync(p, ['-c', 'import h5py, numpy'], { stdio: 'ignore' }).status === 0) ?? null;
}

/**
 * Runs `verify_export.py` on `cases` (written to `casesFile`): its output, its exit status, and the
 * lines of the checks that failed.
 */
export function runVerifyExport(python: string, cases: readonly object[], casesFile: string): { stdout: string; stderr: string; status: number | null; failed: string[] } {
  writeFileSync(casesFile, JSON.stringify(cases));
  const run = spawnSync(python, [join(import.meta.dirname, 'verify_export.py'), casesFile], { encoding: 'utf8', timeout: 60_000 });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status, failed: run.stdout.split('\n').filter((l) => l.startsWith('FAIL')) };
}
