import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';

/**
 * Cross-origin isolation (COOP + COEP) is what lets the WASM backend use SharedArrayBuffer threads.
 * It must hold on both the dev server and the preview server, or the threaded build silently drops
 * to one thread.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Offline after the first load: a Workbox service worker precaches everything the build emits
 * that the page may fetch later (the lazily imported chunks: model files, h5wasm, the tfjs
 * backends, the workers; tfjs' WASM binaries; the styles), so exporting, loading model files and
 * training work with the network gone. Precached responses keep the headers the server sent, COOP
 * and COEP included, so a page served by the worker is still cross-origin isolated.
 * Not precached: the IMDB data under data/ (~17 MB that most visits never use, and whose manifest
 * src/platform/browserAssets.ts reads network-first; it keeps what a run fetched in Cache Storage
 * itself, so IMDB works offline once it has been trained or tried online).
 * `autoUpdate`: a new deploy's worker skips waiting and takes over open pages at once
 * (src/platform/offlineCache.ts decides when such a page reloads), so nobody is stuck on an old
 * build. The dev server registers no worker.
 */
const offlineCache = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: false,
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{html,js,mjs,css,wasm}'],
    globIgnores: ['data/**'],
    // Unminified chunks (see build.minify) and tfjs' WASM binaries are several MB each.
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    navigateFallback: 'index.html',
    // The GPU self-test page is its own document; data files are never pages.
    navigateFallbackDenylist: [/^\/gpu-check\.html/, /^\/data\//],
    cleanupOutdatedCaches: true,
    // A new worker takes over at once, the first one included, so the first load is offline-ready.
    skipWaiting: true,
    clientsClaim: true,
  },
});

export default defineConfig({
  plugins: [react(), offlineCache],
  server: { headers: isolationHeaders, host: '127.0.0.1', port: 5173 },
  preview: { headers: isolationHeaders, host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  // Scan the worker and pre-bundle the lazily imported backends up front: otherwise the dev server
  // discovers them on first use, re-optimises, and the worker's in-flight imports fail with 504.
  optimizeDeps: {
    entries: ['index.html', 'src/worker/training.worker.ts'],
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'],
  },
  build: {
    target: 'es2022',
    // Vite 8's default minifier rewrites the `typeof _scriptDir` check inside tfjs-backend-wasm's
    // threaded loader, so its helper threads die with "e is not defined" (see shared TFJS-NOTES).
    minify: false,
    chunkSizeWarningLimit: 8000,
    // Two pages: the app, and the GPU kernel self-test that e2e/gpu-kernels.spec.ts opens.
    // (Vite 8 names this `rolldownOptions`; `rollupOptions` is its deprecated alias.)
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        gpuCheck: fileURLToPath(new URL('gpu-check.html', import.meta.url)),
      },
    },
  },
});
