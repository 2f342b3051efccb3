/**
 * What the speed benchmark serves, prepared before it runs: a checkout that only ran `npm install`
 * has no tfjs WASM binaries in public/tfjs-wasm/ (copied by scripts/copy-wasm.mjs when the app is
 * started or built), so the browser part's WASM backend found nothing to load and measured
 * nothing; and the typed trainer's kernels (scripts/build-kernels.mjs) may be older than their
 * source. The plan is pure (`planPreparation`, unit-tested); `prepare` reads the files and runs
 * the scripts the plan names.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A file's size and modification time, or undefined when it does not exist. */
export type FileFact = { size: number; mtimeMs: number } | undefined;

export interface PreparationFacts {
  /** The kernels' sources: kernels.wat and the scripts that compile it. */
  kernelSources: FileFact[];
  /** scripts/build-kernels.mjs's output. */
  kernels: FileFact;
  /** tfjs-backend-wasm's binaries in node_modules, each with its copy in public/tfjs-wasm/. */
  wasm: { name: string; source: FileFact; copy: FileFact }[];
}

export interface PreparationStep {
  script: 'scripts/build-kernels.mjs' | 'scripts/copy-wasm.mjs';
  /** Why it runs, for the log. */
  why: string;
}

const newest = (facts: FileFact[]): number => Math.max(0, ...facts.map((f) => f?.mtimeMs ?? 0));

/** Why a generated file must be made again, or undefined when it is current. */
function staleness(target: FileFact, sources: FileFact[], name: string): string | undefined {
  if (!target) return `${name} are missing`;
  if (newest(sources) > target.mtimeMs) return `${name} are older than their source`;
  return undefined;
}

/**
 * The scripts to run, each with why. Both parts that run the engine need the kernels (Node imports
 * them, the browser's dev server serves them); the browser serves the WASM binaries. The waits
 * part's `npm run build` runs both scripts again, which costs a second at most.
 */
export function planPreparation(facts: PreparationFacts): PreparationStep[] {
  const steps: PreparationStep[] = [];
  const why = staleness(facts.kernels, facts.kernelSources, 'the typed trainer’s compiled kernels');
  if (why) steps.push({ script: 'scripts/build-kernels.mjs', why });
  const reasons = facts.wasm.flatMap(({ name, source, copy }) => {
    if (!copy) return [`public/tfjs-wasm/${name} is missing`];
    if (copy.size !== source?.size || (source?.mtimeMs ?? 0) > copy.mtimeMs) return [`public/tfjs-wasm/${name} differs from tfjs-backend-wasm’s`];
    return [];
  });
  if (reasons.length) steps.push({ script: 'scripts/copy-wasm.mjs', why: reasons.join('; ') });
  return steps;
}

const WASM_SOURCE = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
const WASM_COPY = 'public/tfjs-wasm';

function fact(path: string): FileFact {
  try {
    const s = statSync(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

/** The facts the plan needs, read from this checkout. */
export function readPreparationFacts(): PreparationFacts {
  let names: string[] = [];
  try {
    names = readdirSync(WASM_SOURCE).filter((f) => f.endsWith('.wasm'));
  } catch {
    // No tfjs-backend-wasm: the plan says so.
  }
  return {
    kernelSources: ['src/engine/typed/wasm/kernels.wat', 'scripts/build-kernels.mjs', 'scripts/relaxed-simd.mjs'].map(fact),
    kernels: fact('src/engine/typed/wasm/kernels.generated.ts'),
    wasm: names.map((name) => ({ name, source: fact(join(WASM_SOURCE, name)), copy: fact(join(WASM_COPY, name)) })),
  };
}

/**
 * Runs what this checkout lacks; the scripts' output goes to stderr (stdout is JSON lines). A
 * missing tfjs-backend-wasm is left to the import that needs it, which names the package.
 */
export function prepare(log: (line: string) => void): void {
  for (const step of planPreparation(readPreparationFacts())) {
    log(`preparing: node ${step.script} (${step.why})`);
    execFileSync(process.execPath, [step.script], { stdio: ['ignore', process.stderr, process.stderr] });
  }
}
