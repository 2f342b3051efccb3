/**
 * "Copy link" for a user-data card's run: the hyperparameters and the data's name, size and hash
 * (never the data), so whoever opens it is asked for the same file (`DataLinkPrompt`).
 */
import { useStore } from 'zustand';
import { shareUrlOf } from '../../../state/urlSync';
import { CopyLinkButton } from '../CopyLinkButton';
import type { KeptRuns } from './keptRuns';

export function CopyRunLink({ runs, testId }: { runs: KeptRuns; testId: string }) {
  const config = useStore(runs.runConfig, (s) => s.config);
  return <CopyLinkButton testId={testId} disabled={!config} url={() => (config ? shareUrlOf(config) : window.location.href)} />;
}
