// Entry of a Node helper thread (nodeHelpers.ts): registers tsx in this thread, whatever the
// parent was started with (a worker does not reliably inherit `--import tsx`), then loads the
// TypeScript handler.
import { register } from 'tsx/esm/api';

register();
await import('./nodeHelper.worker.ts');
