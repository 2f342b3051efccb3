/**
 * The URL codec: a pure function each way between a query string and a RunConfig, driven by the
 * hyperparameter table. It never touches `location`; src/state/urlSync.ts is the only module that
 * does. Decoding never throws: anything malformed, out of range or unknown becomes an issue and
 * the value falls back to the scenario's default.
 *
 * One rule for a repeated key, whichever it is: the last occurrence counts. So appending
 * `&epochs=3` to a shared link (which already names every hyperparameter) does what it says.
 */
import { HP_KEYS, HYPERPARAMS, checkValue, type HpKey, type HyperParams, type Problem } from '../config/hyperparams';
import { crossFieldProblems, defaultConfig, type DataRef, type RunConfig } from '../config/runConfig';
import { keptKind, type UserRunKind } from '../engine/configModel';
import type { UserTask } from '../engine/data/user/prepareUserData';
import { CLASSIFIER_OOV_TOKEN } from '../engine/textClassifier/classifierModel';
import { DEFAULT_SCENARIO, SCENARIOS, isScenarioId } from '../scenarios';

/** The query key for the tutorial; every other key is a hyperparameter name. */
export const SCENARIO_PARAM = 'tutorial';

/**
 * What decoding had to leave out, as facts; each host words them (the app says what it kept,
 * the command line stops and says what is wrong).
 */
export type DecodeIssue =
  | { kind: 'unknown-key'; field: string }
  | { kind: 'unknown-tutorial'; field: typeof SCENARIO_PARAM; raw: string }
  /** `reason` says what is wrong with the value, without saying what happens next. */
  | { kind: 'invalid'; field: HpKey; reason: string }
  /** The key appeared `count` times; `used` is the last value, the one that counts. */
  | { kind: 'repeated'; field: string; count: number; used: string };

export interface FieldsDecoded {
  config: RunConfig;
  issues: DecodeIssue[];
}

export interface Decoded {
  config: RunConfig;
  problems: Problem[];
}

/** Values longer than this are shown cut, so a 10 KB value cannot stretch the page. */
const QUOTE_MAX = 32;

/** A raw value or key in quotes, cut to `QUOTE_MAX` characters with its full length said. */
export function quote(raw: string): string {
  const chars = [...raw];
  if (chars.length <= QUOTE_MAX) return `“${raw}”`;
  return `“${chars.slice(0, QUOTE_MAX - 8).join('')}…” (${chars.length.toLocaleString('en-US')} characters)`;
}

type Parsed<K extends HpKey> = { ok: true; value: HyperParams[K] } | { ok: false; reason: string };

function parseValue<K extends HpKey>(key: K, raw: string): Parsed<K> {
  const def = HYPERPARAMS[key];
  switch (def.kind) {
    case 'int':
    case 'float': {
      // Number('') is 0 and Number(' 1 ') is 1: insist on a plain numeric literal instead.
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw)) {
        return { ok: false, reason: `${def.label}: ${quote(raw)} is not a number` };
      }
      return { ok: true, value: Number(raw) as HyperParams[K] };
    }
    case 'bool':
      if (raw === 'true' || raw === '1') return { ok: true, value: true as HyperParams[K] };
      if (raw === 'false' || raw === '0') return { ok: true, value: false as HyperParams[K] };
      return { ok: false, reason: `${def.label}: ${quote(raw)} should be true or false` };
    case 'enum':
      return (def.options as readonly string[]).includes(raw)
        ? { ok: true, value: raw as HyperParams[K] }
        : { ok: false, reason: `${def.label} must be one of ${def.options.join(', ')} (got ${quote(raw)})` };
  }
}

const isHpKey = (key: string): key is HpKey => (HP_KEYS as string[]).includes(key);

/**
 * Parameters that older links carry, with what they mean now: `lstmImpl=fused` asked for our fast
 * path, which the plan now picks (`trainer=auto`); `lstmImpl=layers` is `trainer=layers`.
 * Maps, not object literals: a link's keys and values are untrusted, and a plain object answers
 * `constructor`, `__proto__` or `toString` with what it inherits from Object.prototype.
 */
const LEGACY_PARAMS: ReadonlyMap<string, { key: HpKey; values: ReadonlyMap<string, string> }> = new Map([
  ['lstmImpl', { key: 'trainer', values: new Map([['fused', 'auto'], ['layers', 'layers']]) }],
]);

/**
 * Query string (with or without "?") → configuration, field by field, plus what had to be left
 * out. Combinations are not checked here: the command line reports them as they are
 * (`crossFieldProblems`), the app restores the tutorial's defaults (`decodeConfig`).
 */
export function decodeFields(search: string): FieldsDecoded {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const issues: DecodeIssue[] = [];
  // Keys in order of first appearance, each with its last value.
  const last = new Map<string, { value: string; count: number }>();
  for (const [key, value] of params) last.set(key, { value, count: (last.get(key)?.count ?? 0) + 1 });
  for (const [key, { value, count }] of last) {
    if (count > 1) issues.push({ kind: 'repeated', field: key, count, used: value });
  }

  const rawScenario = last.get(SCENARIO_PARAM)?.value;
  let scenario = DEFAULT_SCENARIO;
  if (rawScenario !== undefined) {
    if (isScenarioId(rawScenario)) scenario = rawScenario;
    else issues.push({ kind: 'unknown-tutorial', field: SCENARIO_PARAM, raw: rawScenario });
  }
  const config = defaultConfig(scenario);
  const hp = config.hp as unknown as Record<HpKey, HyperParams[HpKey]>;

  for (const [given, { value: givenRaw }] of last) {
    if (given === SCENARIO_PARAM) continue;
    const legacy = LEGACY_PARAMS.get(given);
    // A link's own new-style value wins over its legacy one.
    if (legacy && last.has(legacy.key)) continue;
    const key = legacy ? legacy.key : given;
    const raw = legacy ? legacy.values.get(givenRaw) ?? givenRaw : givenRaw;
    if (!isHpKey(key)) {
      issues.push({ kind: 'unknown-key', field: key });
      continue;
    }
    const parsed = parseValue(key, raw);
    if (!parsed.ok) {
      issues.push({ kind: 'invalid', field: key, reason: parsed.reason });
      continue;
    }
    const bad = checkValue(key, parsed.value);
    if (bad) {
      issues.push({ kind: 'invalid', field: key, reason: bad.replace(/\.$/, '') });
      continue;
    }
    hp[key] = parsed.value;
  }
  return { config, issues };
}

/** A value as the form shows it. */
const shown = (value: HyperParams[HpKey]): string => (typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 10 }) : String(value));

/** How the app words an issue: what was wrong and what it kept instead, from the link's tutorial. */
export function linkProblem(issue: DecodeIssue, config: RunConfig): Problem {
  switch (issue.kind) {
    case 'unknown-key':
      return { field: issue.field, message: `Unknown parameter ${quote(issue.field)} was ignored.` };
    case 'unknown-tutorial':
      return { field: issue.field, message: `Unknown tutorial ${quote(issue.raw)}; showing “${SCENARIOS[config.scenario].title}” instead.` };
    case 'invalid':
      return { field: issue.field, message: `${issue.reason}; kept the tutorial’s default, ${shown(config.hp[issue.field])}.` };
    case 'repeated':
      return { field: issue.field, message: `${quote(issue.field)} appears ${issue.count} times; the last one counts (${quote(issue.used)}).` };
  }
}

/**
 * A link to a run on a user's data: `data` names its kind, `dataName`, `dataHash` and `dataSize`
 * the file (never its content), and the kind's task options ride beside the hyperparameters
 * (`LINK_TASKS`). Opening one asks for the file and checks its hash (`userData/DataLinkPrompt`).
 */
export const DATA_PARAM = 'data';
const DATA_NAME = 'dataName';
const DATA_HASH = 'dataHash';
const DATA_SIZE = 'dataSize';

/** A whole number in [min, max] from a link, or why not. */
function linkInt(label: string, raw: string | undefined, fallback: number, min: number, max: number): number | string {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= min && n <= max ? n : `${label}: ${quote(raw)} should be a whole number from ${min} to ${max}`;
}

/** Per kind of data: the task options a link carries that are not hyperparameters, each way. */
interface LinkTask {
  keys: readonly string[];
  /** The task (and a series' activation) from the link's values and hyperparameters, or why a value is bad. */
  decode(values: ReadonlyMap<string, string>, hp: HyperParams): LinkedData | string;
  encode(data: DataRef): [string, string][];
}

/** What a link says of its data beside the file: how it is read, and the model choices the hyperparameters do not hold. */
type LinkedData = Pick<DataRef, 'task' | 'activation'>;

/** One of `allowed` from a link (boxed, since a value is a string too), or why not. */
function linkChoice<T extends string>(label: string, raw: string | undefined, fallback: T, allowed: readonly T[]): { value: T } | string {
  if (raw === undefined) return { value: fallback };
  return (allowed as readonly string[]).includes(raw) ? { value: raw as T } : `${label}: ${quote(raw)} should be one of ${allowed.join(', ')}`;
}

/** A list of column names, written as a JSON array (a name may hold a comma), or why not. */
function linkColumns(raw: string | undefined): string[] | undefined | string {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  return Array.isArray(parsed) && parsed.length > 0 && parsed.every((c) => typeof c === 'string')
    ? parsed
    : `columns: ${quote(raw)} should be a list of column names such as ["close","volume"]`;
}

const LINK_TASKS: { [K in UserRunKind]: LinkTask } = {
  text: {
    keys: ['step', 'minCount'],
    decode(values, hp) {
      const step = linkInt('Step', values.get('step'), 3, 1, 1000);
      if (typeof step === 'string') return step;
      const minCount = linkInt('Rarest character kept', values.get('minCount'), 1, 1, 1_000_000_000);
      if (typeof minCount === 'string') return minCount;
      return { task: { kind: 'text', seqLength: hp.seqLength, step, validationSplit: hp.validationSplit, minCount } };
    },
    encode: ({ task }) => (task.kind === 'text' ? [['step', String(task.step)], ['minCount', String(task.minCount ?? 1)]] : []),
  },
  // The window is `seqLength` and the held-out fraction `validationSplit`, as for every run; the rest is the CSV's reading.
  series: {
    keys: ['seriesTask', 'scaler', 'columns', 'target', 'dateColumn', 'activation'],
    decode(values, hp) {
      const task = linkChoice('seriesTask', values.get('seriesTask'), 'next', ['next', 'up'] as const);
      if (typeof task === 'string') return task;
      const scaler = linkChoice('scaler', values.get('scaler'), 'minmax', ['minmax', 'standard', 'none'] as const);
      if (typeof scaler === 'string') return scaler;
      const activation = linkChoice('activation', values.get('activation'), 'relu', ['relu', 'tanh'] as const);
      if (typeof activation === 'string') return activation;
      const columns = linkColumns(values.get('columns'));
      if (typeof columns === 'string') return columns;
      const target = values.get('target');
      if (columns && target !== undefined && !columns.includes(target)) return `target: ${quote(target)} is not one of the link’s columns`;
      const date = values.get('dateColumn');
      return {
        task: {
          kind: 'series', task: task.value, lookBack: hp.seqLength, scaler: scaler.value, validationSplit: hp.validationSplit,
          ...(columns ? { valueColumns: columns } : {}), ...(target !== undefined ? { targetColumn: target } : {}),
          ...(date !== undefined ? { dateColumn: date === '' ? null : date } : {}),
        },
        activation: activation.value,
      };
    },
    encode({ task, activation }) {
      if (task.kind !== 'series') return [];
      // Columns by name: a link is opened on another machine with the same file, its header the same.
      const names = (refs: readonly (string | number)[] | undefined) => refs?.filter((c): c is string => typeof c === 'string');
      const columns = names(task.valueColumns);
      const pairs: [string, string][] = [['seriesTask', task.task], ['scaler', task.scaler], ['activation', activation ?? 'relu']];
      if (columns && columns.length > 0) pairs.push(['columns', JSON.stringify(columns)]);
      if (typeof task.targetColumn === 'string') pairs.push(['target', task.targetColumn]);
      if (task.dateColumn === null || typeof task.dateColumn === 'string') pairs.push(['dateColumn', task.dateColumn ?? '']);
      return pairs;
    },
  },
  // The padded length is `seqLength`, the words kept `vocabSize` and the held-out fraction `validationSplit`, as for every run.
  classify: {
    keys: ['textColumn', 'labelColumn', 'folder'],
    decode(values, hp) {
      // A run on a folder of texts: the link asks for the folder (`DataLinkPrompt`), which has no columns.
      const folder = values.get('folder');
      if (folder !== undefined && folder !== '1') return `folder: ${quote(folder)} is not 1 (the texts were a folder's files)`;
      if (folder !== undefined && (values.has('textColumn') || values.has('labelColumn'))) return 'folder: a folder of texts has no columns, yet the link names one';
      const textColumn = values.get('textColumn');
      const labelColumn = values.get('labelColumn');
      if (textColumn !== undefined && textColumn === labelColumn) return `textColumn and labelColumn: both name ${quote(textColumn)}; the texts and their labels are two columns`;
      return {
        task: {
          kind: 'classify', maxlen: hp.seqLength, validationSplit: hp.validationSplit,
          tokenizer: { numWords: hp.vocabSize, oovToken: CLASSIFIER_OOV_TOKEN },
          ...(textColumn !== undefined ? { textColumn } : {}), ...(labelColumn !== undefined ? { labelColumn } : {}),
          ...(folder !== undefined ? { folder: true } : {}),
        },
      };
    },
    encode({ task }) {
      if (task.kind !== 'classify') return [];
      const pairs: [string, string][] = [];
      if (typeof task.textColumn === 'string') pairs.push(['textColumn', task.textColumn]);
      if (typeof task.labelColumn === 'string') pairs.push(['labelColumn', task.labelColumn]);
      if (task.folder) pairs.push(['folder', '1']);
      return pairs;
    },
  },
};

// A link's kind is untrusted text: only the table's own keys count (`constructor` is not a kind of data).
const linkTask = (kind: string): LinkTask | undefined => (Object.hasOwn(LINK_TASKS, kind) ? LINK_TASKS[kind as UserRunKind] : undefined);

/** The data reference a link names, or the sentence saying what in it is wrong. */
function decodeDataRef(last: ReadonlyMap<string, string>, hp: HyperParams): DataRef | string {
  const kind = last.get(DATA_PARAM)!;
  const task = linkTask(kind);
  if (!task || !keptKind(kind as UserTask['kind'])) return `Unknown kind of data ${quote(kind)}`;
  const name = last.get(DATA_NAME);
  if (!name) return 'The link names no file (dataName)';
  const hash = last.get(DATA_HASH) ?? '';
  if (!/^[0-9a-f]{64}$/.test(hash)) return `dataHash: ${quote(hash)} is not a SHA-256 hash (64 hexadecimal digits)`;
  const size = linkInt('dataSize', last.get(DATA_SIZE), 0, 0, Number.MAX_SAFE_INTEGER);
  if (typeof size === 'string') return size;
  const decoded = task.decode(last, hp);
  return typeof decoded === 'string' ? decoded : { name, hash, size, ...decoded };
}

/** Query string (with or without "?") → configuration plus everything that had to be replaced. */
export function decodeConfig(search: string): Decoded {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  if (params.has(DATA_PARAM)) return decodeDataLink(params);
  const { config, issues } = decodeFields(search);
  const problems = issues.map((issue) => linkProblem(issue, config));
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
 * A link to a run on a user's data: the hyperparameters as any link (the data's own checks come
 * once its file is read), and the data reference; a bad data parameter drops the reference, with
 * its sentence, and the link opens as a plain one.
 */
function decodeDataLink(params: URLSearchParams): Decoded {
  const last = new Map<string, string>();
  for (const [key, value] of params) last.set(key, value);
  const kind = last.get(DATA_PARAM)!;
  const own = new Set([DATA_PARAM, DATA_NAME, DATA_HASH, DATA_SIZE, ...(linkTask(kind)?.keys ?? [])]);
  const rest = new URLSearchParams([...params].filter(([key]) => !own.has(key)));
  const { config, issues } = decodeFields(rest.toString());
  const problems = issues.map((issue) => linkProblem(issue, config));
  const data = decodeDataRef(last, config.hp);
  if (typeof data === 'string') {
    problems.push({ field: DATA_PARAM, message: `${data}; the link’s data was left out.` });
    return { config, problems };
  }
  return { config: { ...config, scenario: DEFAULT_SCENARIO, data }, problems };
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
  const data = config.data;
  if (data) {
    // The data by reference only: its kind, name, size and hash, and how it was read. Never its content or vocabulary.
    params.delete(SCENARIO_PARAM);
    params.set(DATA_PARAM, data.task.kind);
    params.set(DATA_NAME, data.name);
    params.set(DATA_HASH, data.hash);
    params.set(DATA_SIZE, String(data.size));
    for (const [key, value] of linkTask(data.task.kind)?.encode(data) ?? []) params.set(key, value);
  }
  return params.toString();
}
