import { useLab } from './useLab';

/** Changes whenever the weights may have changed (a new run, another epoch), so open predictions are asked again. */
export function useModelVersion(): string {
  return useLab((s) => `${s.runId}.${s.epochs.length}`);
}
