/**
 * What an open page does when a new deploy's service worker has taken it over. The page's own
 * code is the old build's, and the old build's lazily loaded chunks are no longer cached or
 * served, so it reloads into the new build, but never under a run in progress: then it says so
 * and waits for the user.
 */
import type { LabStore } from '../state/store';
import { isRunActive } from '../state/selectors';

export const NEW_VERSION_NOTICE = 'A new version of LSTM Lab was installed; reload the page when this run ends to use it.';

export function onNewVersion(store: Pick<LabStore, 'getState'>, reload: () => void): void {
  const state = store.getState();
  if (isRunActive(state)) state.addNotice(NEW_VERSION_NOTICE);
  else reload();
}
