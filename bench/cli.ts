/**
 * Shared command-line plumbing for the Node tools: `--key value` flags become the same query
 * parameters the app's URL uses, so the CLI accepts exactly the hyperparameters (and reports
 * exactly the problems) the app does.
 */
import { decodeFields, quote, SCENARIO_PARAM, type DecodeIssue } from '../src/url/codec';
import { SCENARIO_IDS } from '../src/scenarios/types';
import { crossFieldProblems, type RunConfig } from '../src/config/runConfig';
import { TrainingSession } from '../src/engine/session';
import { macrotaskYield } from '../src/engine/yield';
import { createNodeAssetSource } from './nodeAssets';
import { nodeHelpers } from './nodeHelpers';
import { MODEL_FILE_FLAGS, type ModelFileFlags } from './modelFiles';

export interface ParsedArgs {
  config: RunConfig;
  flags: Set<string>;
  /** Model files to load or save (`--load`, `--save-keras`, `--save-tfjs`). */
  files: ModelFileFlags;
  problems: string[];
}

/** Flags that take no value. */
const SWITCHES = new Set(['json', 'help', 'quick']);

/**
 * How the command line words a decoding issue: what is wrong, by flag name. Nothing is replaced by a
 * default here; the tool stops instead.
 */
function flagProblem(issue: DecodeIssue): string | null {
  switch (issue.kind) {
    case 'unknown-key':
      return `Unknown flag ${quote('--' + issue.field)}; \`--help\` lists them all.`;
    case 'unknown-tutorial':
      return `--scenario: unknown tutorial ${quote(issue.raw)}; one of ${SCENARIO_IDS.join(', ')}.`;
    case 'invalid':
      return `--${issue.field}: ${issue.reason}.`;
    case 'repeated':
      return null; // parseArgs keeps the last value of a repeated flag, as most tools do
  }
}

/**
 * `crossChecks: false` leaves out the tutorial's checks across fields: a run on a user's data checks
 * its own model once the data is read (`charTextProblems`).
 */
export function parseArgs(argv: string[], extraSwitches: string[] = [], { crossChecks = true }: { crossChecks?: boolean } = {}): ParsedArgs {
  const switches = new Set([...SWITCHES, ...extraSwitches]);
  const params = new URLSearchParams();
  const flags = new Set<string>();
  const files: ModelFileFlags = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      problems.push(`Unexpected argument “${arg}”.`);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2);
    if (switches.has(name)) {
      flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      problems.push(`--${name} needs a value.`);
      continue;
    }
    if ((MODEL_FILE_FLAGS as readonly string[]).includes(name)) files[name as keyof ModelFileFlags] = value;
    else params.set(name === 'scenario' ? SCENARIO_PARAM : name, value);
  }
  const decoded = decodeFields(params.toString());
  for (const issue of decoded.issues) {
    const message = flagProblem(issue);
    if (message) problems.push(message);
  }
  // Combinations too (a model whose layers run out of timesteps, one too large for memory): the
  // app would restore the tutorial's settings; a command line says what is wrong and stops.
  if (problems.length === 0 && crossChecks) problems.push(...crossFieldProblems(decoded.config).map((p) => p.message));
  return { config: decoded.config, flags, files, problems };
}

/**
 * Takes `--name value` (or `--name=value`) out of `argv`: options that are not hyperparameters,
 * so `parseArgs` never sees them.
 */
export function takeOption(argv: string[], name: string): { value?: string; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` && i + 1 < argv.length) value = argv[++i];
    else if (argv[i].startsWith(`--${name}=`)) value = argv[i].slice(name.length + 3);
    else rest.push(argv[i]);
  }
  return { value, rest };
}

/**
 * A session for Node: data from public/data, no WebGPU/WebGL, WASM binaries found by tfjs itself,
 * and helper threads (one per further core) that share the typed trainer's batches and the
 * scoring, as the app's helper workers do.
 */
export function nodeSession(): TrainingSession {
  const helpers = nodeHelpers();
  return new TrainingSession({
    assets: createNodeAssetSource(),
    backendEnv: { host: 'node' },
    yieldToHost: macrotaskYield,
    predictHelpers: helpers,
    trainHelpers: helpers,
  });
}
