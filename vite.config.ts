import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
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

export default defineConfig({
  plugins: [react()],
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
