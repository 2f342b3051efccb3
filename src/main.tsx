/**
 * Startup: read the config from the URL, start the training engine (a worker, or the main thread
 * if the worker cannot start), build the store, keep the URL in step with it, and render.
 */
import { createRoot } from 'react-dom/client';
import { idbRunStore } from './platform/runStore';
import { idbDatasetStore } from './platform/datasetStore';
import { dataLinkStore } from './state/dataLink';
import { createLabStore, type LabStore } from './state/store';
import { readConfigFromLocation, syncConfigToBrowserUrl } from './state/urlSync';
import { App } from './ui/App';
import { LabStoreContext } from './ui/hooks/useLab';
import { createEngine } from './worker/client';
import { idbCheckpointStore } from './platform/idbCheckpointStore';
import { keepWorkingOffline } from './platform/offlineCache';
import { sessionTabRuns, webRunLocks } from './platform/browserRunOwnership';
import './ui/styles.css';

// The engine may report a notice (e.g. the worker failed) before the store exists; hold it until then.
let store: LabStore | null = null;
const early: string[] = [];
const engine = createEngine({
  onNotice: (message) => (store ? store.getState().addNotice(message) : early.push(message)),
});
const opened = readConfigFromLocation();
// A link to a run on a user's data waits for its card, which asks for the file.
if (opened.dataLink) dataLinkStore.setState({ link: opened.dataLink });
store = createLabStore({
  engine, initial: opened, checkpoints: idbCheckpointStore(), runStore: idbRunStore(), datasets: idbDatasetStore(),
  locks: webRunLocks(), tabRuns: sessionTabRuns(),
});
// Runs an earlier page left unfinished (a reload, a crash) are offered for resuming; looked at again
// when the tab is shown, since another tab may have finished, closed or started one meanwhile.
void store.getState().findCheckpoints();
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void store?.getState().findCheckpoints();
});
for (const message of early) store.getState().addNotice(message);
syncConfigToBrowserUrl(store);
keepWorkingOffline(store);

// No StrictMode: it renders every component twice in development, and the live charts are the
// most expensive thing on the page; the dev server should show the responsiveness users get.
createRoot(document.getElementById('root')!).render(
  <LabStoreContext value={store}>
    <App />
  </LabStoreContext>,
);
// Ahead of the first Train: start the worker, look up the device, compile the kernels and start the
// helper threads while the user reads the page, so the click goes straight to training.
setTimeout(() => engine.prepare(), 0);
