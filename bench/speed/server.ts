/**
 * Starts and stops the Vite servers the browser measurements load from, run as
 * `node node_modules/vite/bin/vite.js` so the process we stop is the server itself: the dev server
 * (bench/browser/vite.config.ts: the repository's config, COOP/COEP headers included) for the
 * engine pages, and `vite preview` of the production build (the repository's config, the same
 * headers) for the waits, which measure the app as users get it.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ViteServer {
  /** e.g. http://127.0.0.1:5190/ */
  base: string;
  pid: number;
  stop(): Promise<void>;
}

const VITE = 'node_modules/vite/bin/vite.js';
const CONFIG = 'bench/browser/vite.config.ts';

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts the dev server on `port` (strict) and resolves once `probePath` answers 200. */
export function startDevServer(port: number, probePath: string, timeoutMs = 90_000): Promise<ViteServer> {
  return startVite(['--config', CONFIG], 'dev server', port, probePath, timeoutMs);
}

/** Serves the production build in dist/ (`vite preview`) on `port` (strict), once `probePath` answers 200. */
export function startPreviewServer(port: number, probePath = '/', timeoutMs = 60_000): Promise<ViteServer> {
  return startVite(['preview'], 'preview server', port, probePath, timeoutMs);
}

async function startVite(command: string[], what: string, port: number, probePath: string, timeoutMs: number): Promise<ViteServer> {
  const child = spawn(process.execPath, [VITE, ...command, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // Never leave the server behind, whatever ends this process.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await exited(child, 5000))) {
      child.kill('SIGKILL');
      await exited(child, 5000);
    }
  };

  const base = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(new URL(probePath, base));
      if (response.ok) return { base, pid: child.pid!, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`The Vite ${what} on port ${port} did not start:\n${output.trim()}`);
}
