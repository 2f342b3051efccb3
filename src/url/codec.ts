/**
 * The URL codec: a pure function each way between a query string and a RunConfig, driven by the
 * hyperparameter table. It never touches `location`; src/state/urlSync.ts is the only module that
 * does. Decoding never throws: anything malformed, out of range or unknown becomes a Problem and
 * the value falls back to the scenario's default.
 */
import { HP_KEYS, HYPERPARAMS, checkValue, type HpKey, type HyperParams, type Problem } from '../config/hyperparams';
import { crossFieldProblems, defaultConfig, type RunConfig } from '../config/runConfig';
import { DEFAULT_SCENARIO, SCENARIOS, isScenarioId } from '../scenarios';

/** The query key for the tutorial; every other key is a hyperparameter name. */
export const SCENARIO_PARAM = 'tutorial';

export interface Decoded {
  config: RunConfig;
  problems: Problem[];
}

type Parsed<K extends HpKey> = { ok: true; value: HyperParams[K] } | { ok: false; message: string };

function parseValue<K extends HpKey>(key: K, raw: string): Parsed<K> {
  const def = HYPERPARAMS[key];
  switch (def.kind) {
    case 'int':
    case 'float': {
      // Number('') is 0 and Number(' 1 ') is 1: insist on a plain numeric literal instead.
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw)) {
        return { ok: false, message: `${def.label}: “${raw}” is not a number.` };
      }
      return { ok: true, value: Number(raw) as HyperParams[K] };
    }
    case 'bool':
      if (raw === 'true' || raw === '1') return { ok: true, value: true as HyperParams[K] };
      if (raw === 'false' || raw === '0') return { ok: true, value: false as HyperParams[K] };
      return { ok: false, message: `${def.label}: “${raw}” should be true or false.` };
    case 'enum':
      return { ok: true, value: raw as HyperParams[K] };
  }
}

/**
 * Query string (with or without "?") → configuration, field by field, plus everything that had to
 * be replaced. Combinations are not checked here: the command line reports them as they are
 * (`crossFieldProblems`), the app restores the tutorial's defaults (`decodeConfig`).
 */
/**
 * Parameters that older links carry, with what they mean now: `lstmImpl=fused` asked for our fast
 * path, which the plan now picks (`trainer=auto`); `lstmImpl=layers` is `trainer=layers`.
 */
const LEGACY_PARAMS: { readonly [old: string]: { key: HpKey; values: { readonly [old: string]: string } } } = {
  lstmImpl: { key: 'trainer', values: { fused: 'auto', layers: 'layers' } },
};

export function decodeFields(search: string): Decoded {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const problems: Problem[] = [];

  const rawScenario = params.get(SCENARIO_PARAM);
  let scenario = DEFAULT_SCENARIO;
  if (rawScenario !== null) {
    if (isScenarioId(rawScenario)) scenario = rawScenario;
    else problems.push({ field: SCENARIO_PARAM, message: `Unknown tutorial “${rawScenario}”; showing “${SCENARIOS[DEFAULT_SCENARIO].title}” instead.` });
  }
  const config = defaultConfig(scenario);
  const hp = config.hp as unknown as Record<HpKey, HyperParams[HpKey]>;

  for (const [given, givenRaw] of params) {
    if (given === SCENARIO_PARAM) continue;
    const legacy = LEGACY_PARAMS[given];
    // A link's own new-style value wins over its legacy one.
    if (legacy && params.has(legacy.key)) continue;
    const key = legacy ? legacy.key : given;
    const raw = legacy ? legacy.values[givenRaw] ?? givenRaw : givenRaw;
    if (!(HP_KEYS as string[]).includes(key)) {
      problems.push({ field: key, message: `Unknown parameter “${key}” was ignored.` });
      continue;
    }
    const k = key as HpKey;
    const parsed = parseValue(k, raw);
    const fallback = `; using the default ${String(hp[k])}.`;
    if (!parsed.ok) {
      problems.push({ field: k, message: parsed.message.replace(/\.$/, '') + fallback });
      continue;
    }
    const bad = checkValue(k, parsed.value);
    if (bad) {
      problems.push({ field: k, message: bad.replace(/\.$/, '') + fallback });
      continue;
    }
    hp[k] = parsed.value;
  }
  return { config, problems };
}

/** Query string (with or without "?") → configuration plus everything that had to be replaced. */
export function decodeConfig(search: string): Decoded {
  const { config, problems } = decodeFields(search);
  // Cross-field checks last (the scenario's, then its model's shapes and memory): a combination
  // that cannot train reverts to the tutorial's defaults.
  const cross = crossFieldProblems(config);
  if (cross.length > 0) {
    problems.push(...cross.map((p) => ({ ...p, message: `${p.message} Restored the tutorial’s settings.` })));
    return { config: defaultConfig(config.scenario), problems };
  }
  return { config, problems };
}

/**
 * Configuration → query string without "?". Every hyperparameter is written, not only the ones
 * that differ from the defaults, so a link reproduces the run even if a later version changes a
 * default.
 */
export function encodeConfig(config: RunConfig): string {
  const params = new URLSearchParams();
  params.set(SCENARIO_PARAM, config.scenario);
  for (const key of HP_KEYS) params.set(key, String(config.hp[key]));
  return params.toString();
}
