/**
 * "Not in the training data": said wherever the user types letters for an alphabet model ("Try the
 * model" and Inspect), in the same words, so a guess never passes for knowledge in one and not the other.
 */
import { useMemo } from 'react';
import { letterCoverage, type LetterVerdict } from '../../state/letterCoverage';
import { useLab } from '../hooks/useLab';

/** How the run's training data judges letters (null for a tutorial that does not read letters). */
export function useLetterCoverage() {
  const config = useLab((s) => s.runConfig ?? s.config);
  return useMemo(() => letterCoverage(config), [config]);
}

export function UnseenNote({ verdict, testId }: { verdict: LetterVerdict | null | undefined; testId: string }) {
  if (!verdict || verdict.seen) return null;
  return (
    <p className="unseen-note" data-testid={testId}>
      <strong>Not in the training data.</strong> {verdict.why}
    </p>
  );
}
