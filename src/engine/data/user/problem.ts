/**
 * What is wrong with a user's file, as one sentence a person can act on. Every refusal while reading
 * the user's data is one of these: it names the file, and the row and column where there is one, so
 * the page can point at the cell, and its `message` says what to change.
 */
export interface DataProblem {
  /** The file's name as the user picked it (for a folder, the path inside it). */
  file: string;
  /** The row as the user counts it in the file: its line number, the header being line 1. */
  row?: number;
  /** The column's name (its header), or "column N" counted from 1 when the file has no header. */
  column?: string;
  /** The whole sentence, starting with where: `reviews.csv, row 7, column “label”: …`. */
  message: string;
}

/** Thrown by the readers and builders; the parse client turns it into its `problem` message. */
export class DataProblemError extends Error {
  override readonly name = 'DataProblemError';
  constructor(readonly problem: DataProblem) {
    super(problem.message);
  }
}

/**
 * A problem at `where`, worded as one sentence: `what` says what is wrong and what to change, and
 * starts in lower case because the location comes first.
 */
export function dataProblem(where: { file: string; row?: number; column?: string }, what: string): DataProblem {
  const place = [where.file, where.row !== undefined ? `row ${where.row}` : '', where.column !== undefined ? `column “${where.column}”` : '']
    .filter((p) => p !== '')
    .join(', ');
  return { ...where, message: `${place}: ${what}` };
}

/** Throws the problem at `where` (for the readers' many early exits). */
export function refuse(where: { file: string; row?: number; column?: string }, what: string): never {
  throw new DataProblemError(dataProblem(where, what));
}

/** The problem an error carries, or undefined for any other error (a bug, not bad data). */
export function problemOf(e: unknown): DataProblem | undefined {
  return e instanceof DataProblemError ? e.problem : undefined;
}
