/** Runs `verify_export.py` on export cases for the export tests: no check may fail, and every case is counted. */
import { expect } from 'vitest';
import { runVerifyExport } from './python';

/** The script's output, after expecting it passed with every case of `cases` checked. */
export function expectVerified(python: string, cases: readonly object[], casesFile: string): string {
  const run = runVerifyExport(python, cases, casesFile);
  expect(run.failed, run.stderr).toEqual([]);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain(`${cases.length} models, 0 failed checks`);
  return run.stdout;
}
