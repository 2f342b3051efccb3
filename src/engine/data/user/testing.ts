/** Test helpers shared by the user-data tests. */
import { problemOf, type DataProblem } from './problem';

/** The problem `f` refuses its input with; fails the test if `f` accepts it or throws anything else. */
export function refusal(f: () => unknown): DataProblem | undefined {
  try {
    f();
  } catch (e) {
    return problemOf(e);
  }
  throw new Error('not refused');
}
