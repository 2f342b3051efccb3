/**
 * The app's Vite config (cross-origin isolation headers included) with two changes for the speed
 * benchmark's own dev server: a separate dependency cache, so it never rewrites the cache of a dev
 * server someone else has running from the same checkout, and the workers listed as entries, so
 * their dependencies are pre-bundled before the first page loads (a dependency found later makes
 * Vite reload the page, which would cut a measurement short).
 */
import { mergeConfig } from 'vite';
import app from '../../vite.config';

export default mergeConfig(app, {
  cacheDir: 'node_modules/.vite-bench-speed',
  optimizeDeps: {
    entries: ['index.html', 'bench/browser/speed.html', 'src/worker/training.worker.ts', 'bench/browser/speedWorker.ts'],
  },
});
