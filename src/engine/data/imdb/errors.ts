/**
 * The one error a data file can cause. It names the file and what is wrong with it, so the UI can
 * say which file to rebuild and offer Retry, and the worker can forward it as `{name, message}`
 * without losing the advice. Shared by the loaders and both asset sources.
 */

/** What is wrong with a data file. */
export type DataFileProblem = 'missing' | 'truncated' | 'corrupt' | 'bad-format';

const WHAT: Record<DataFileProblem, string> = {
  missing: 'is missing',
  truncated: 'is truncated',
  corrupt: 'is corrupt',
  'bad-format': 'is not in the expected format',
};

/** The advice every data error ends with: the files are generated, never hand-edited. */
export const REBUILD_ADVICE = 'Run `npm run data:imdb` to rebuild it, then press Retry.';

export class DataFileError extends Error {
  override readonly name = 'DataFileError';

  /**
   * @param file path under the data root, e.g. "imdb/train-003.bin"
   * @param problem what is wrong
   * @param detail one clause with the evidence, e.g. "expected 3,145,728 bytes, got 1,024"
   */
  constructor(
    readonly file: string,
    readonly problem: DataFileProblem,
    readonly detail?: string,
  ) {
    super(`Data file ${file} ${WHAT[problem]}${detail ? ` (${detail})` : ''}. ${REBUILD_ADVICE}`);
  }
}

/** Narrowing that also works on errors that crossed a realm boundary (tests, workers). */
export function isDataFileError(e: unknown): e is DataFileError {
  return e instanceof DataFileError || (e instanceof Error && e.name === 'DataFileError' && 'problem' in e);
}
