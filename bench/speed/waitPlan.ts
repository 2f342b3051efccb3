/**
 * What the waits part does in the app, as data: the pages it opens, how often, the letters it
 * types, the phases it stops in, and the review it pastes. Pure, so the plan is unit-tested and
 * `waits.ts` only drives the browser.
 */
import type { WaitId } from './waitTargets';

/** Page-side conditions `waitsPage.ts` can wait for (its CHECKS table). */
export type PageCondition =
  | { kind: 'state'; pattern: string }
  | { kind: 'points'; chart: string; atLeast: number }
  | { kind: 'stage'; stage: string }
  | { kind: 'tryEnabled' }
  | { kind: 'letters'; text: string }
  | { kind: 'reviewWords'; above: number }
  /** The Inspect view shows the traces for `text` (its letters, or the review as typed), every heatmap drawn. */
  | { kind: 'inspectShown'; text: string }
  /** Test id `testId`'s attribute `attr` matches `pattern` (the user-data cards' phase, curve, progress bar). */
  | { kind: 'attr'; testId: string; attr: string; pattern: string };

/** The run has ended, however: the states Stop and a finished run settle in. */
export const ENDED: PageCondition = { kind: 'state', pattern: '^(done|idle|error)$' };

/** Tutorial URLs; the defaults are the tutorial's own (what a newcomer trains first). */
export const QUERIES = {
  alphabet: 'tutorial=alphabet',
  trend: 'tutorial=trend',
  imdb: 'tutorial=imdb-small-vocab',
  /** Many epochs: still training while the letters are typed. */
  alphabetLong: 'tutorial=alphabet&epochs=2000',
  /** A quick IMDB run (its test set shrinks with the subset): a trained model for the review box. */
  imdbQuick: 'tutorial=imdb-small-vocab&trainSubset=512&epochs=1',
  shortReviews: 'tutorial=short-reviews',
  shortReviewsConv: 'tutorial=short-reviews-conv',
} as const;

/** Fresh pages per first-batch figure, keystroke sequences, reloads for IMDB: fewer in quick mode. */
export function repeats(quick: boolean): { freshPages: number; imdbReloads: number } {
  return quick ? { freshPages: 1, imdbReloads: 1 } : { freshPages: 3, imdbReloads: 2 };
}

/**
 * Typed into the letters box while training, one sequence per sample: each differs from the one
 * before, is valid for the alphabet tutorial (1–5 letters A–Z), and fast typing of its letters
 * falls within one debounce, so the prediction shown last is for the whole sequence.
 */
export const LETTER_SEQUENCES = ['K', 'LM', 'QRS', 'D', 'WX', 'FGH', 'B'] as const;

/** One way of pressing Stop: the page opened, what to wait for, how long after it to press. */
export interface StopPhase {
  label: string;
  query: string;
  /** Pressed this long after `after` holds, ms. */
  delayMs: number;
  after: PageCondition;
  /** Hold the first IMDB training shard back this long, ms, so the run stays in "Preparing". */
  slowShardMs?: number;
  needsImdb?: boolean;
}

export function stopPhases(imdbPrepared: boolean): StopPhase[] {
  const phases: StopPhase[] = [
    { label: 'preparing (alphabet, fresh page, 100 ms in)', query: QUERIES.alphabet, after: { kind: 'state', pattern: '^preparing$' }, delayMs: 100 },
    {
      label: 'preparing (IMDB, a shard still downloading)', query: QUERIES.imdb, after: { kind: 'stage', stage: 'download' }, delayMs: 300,
      slowShardMs: 8000, needsImdb: true,
    },
    // LSTM(1024): the worker builds the model (orthogonal initialiser: a QR of 1024×4096) synchronously.
    { label: 'preparing (trend, LSTM(1024) being built, 1.5 s in)', query: 'tutorial=trend&units=1024', after: { kind: 'state', pattern: '^preparing$' }, delayMs: 1500 },
    { label: 'training (alphabet, after 2 batches)', query: QUERIES.alphabet, after: { kind: 'points', chart: 'chart.batch', atLeast: 2 }, delayMs: 0 },
  ];
  return phases.filter((p) => imdbPrepared || !p.needsImdb);
}

/** A short alphabet run: a trained model for the Inspect view's letters. */
export const ALPHABET_QUICK = 'tutorial=alphabet&epochs=20';

/**
 * Typed into the Inspect view's series box, one series per sample, as the view shows them back;
 * each has the three values the trend model's first step needs (shorter ones are answered with why not).
 */
export const SERIES_SEQUENCES = [
  '0.3, 0.7, 0.2', '0.8, 0.6, 0.4, 0.9', '0.1, 0.5, 0.9', '0.4, 0.4, 0.6, 0.2', '0.9, 0.1, 0.8', '0.2, 0.3, 0.4, 0.5, 0.6', '0.7, 0.2, 0.6',
] as const;

/**
 * Typed into the Inspect view's review box, one review per sample: each differs from the one
 * before, short and long, in the vocabulary and out of it.
 */
export const REVIEW_SEQUENCES = [
  'good',
  'a dull film',
  'the acting was wonderful',
  'bad plot',
  'i loved every minute of it',
  'slow and boring',
  'a great cast but a weak ending and far too long',
] as const;

export type InspectKeystrokeId = Extract<WaitId, `inspect-keystroke${string}`>;

/** One keystroke wait of the Inspect view: the short run that trains its model, and what is typed. */
export interface InspectKeystrokePlan {
  /** A short run of the tutorial (small subset, one epoch): a trained model to look into. */
  query: string;
  sequences: readonly string[];
  /** Where the sequences are typed: the letters, series or review box. */
  box: 'letters' | 'series' | 'review';
  /** Between keystrokes, ms: 0 types as fast as the browser takes keys. */
  keyDelayMs: number;
  needsImdb: boolean;
}

/**
 * Reviews are typed at a person's pace (as `inspect-typing`): every keystroke then asks the
 * worker, so an answer slower than the keystrokes queues up behind the one before.
 */
const REVIEW_KEY_DELAY_MS = 60;

const reviewPlan = (tutorial: string): InspectKeystrokePlan => ({
  query: `tutorial=${tutorial}&trainSubset=256&epochs=1`, sequences: REVIEW_SEQUENCES, box: 'review', keyDelayMs: REVIEW_KEY_DELAY_MS, needsImdb: true,
});

export const INSPECT_KEYSTROKES: Record<InspectKeystrokeId, InspectKeystrokePlan> = {
  'inspect-keystroke': { query: ALPHABET_QUICK, sequences: LETTER_SEQUENCES, box: 'letters', keyDelayMs: 0, needsImdb: false },
  'inspect-keystroke-alphabet-stateful': { query: 'tutorial=alphabet-stateful&epochs=20', sequences: LETTER_SEQUENCES, box: 'letters', keyDelayMs: 0, needsImdb: false },
  // A series is typed at a person's pace too: each key (a digit, a comma) asks for the steps again.
  'inspect-keystroke-trend': { query: 'tutorial=trend&epochs=5', sequences: SERIES_SEQUENCES, box: 'series', keyDelayMs: REVIEW_KEY_DELAY_MS, needsImdb: false },
  'inspect-keystroke-imdb-small-vocab': reviewPlan('imdb-small-vocab'),
  'inspect-keystroke-imdb-seq': reviewPlan('imdb-seq'),
  'inspect-keystroke-imdb-seq-cnn': reviewPlan('imdb-seq-cnn'),
};

/** The waits that need the IMDB assets in public/data/imdb. */
const NEEDS_IMDB: readonly WaitId[] = [
  'first-batch-imdb', 'paste-1mb', 'inspect-typing',
  ...(Object.keys(INSPECT_KEYSTROKES) as InspectKeystrokeId[]).filter((id) => INSPECT_KEYSTROKES[id].needsImdb),
];

/** Typed into the Inspect view's review box one key at a time, as a person types. */
export const INSPECT_REVIEW = 'a slow start but the acting was wonderful and the ending moved me';

/** The waits to measure, and the ones skipped with the reason. */
export function waitsToRun(ids: readonly WaitId[], imdbPrepared: boolean): { run: WaitId[]; skipped: { wait: WaitId; reason: string }[] } {
  const missing = (id: WaitId): boolean => !imdbPrepared && NEEDS_IMDB.includes(id);
  return {
    run: ids.filter((id) => !missing(id)),
    skipped: ids.filter(missing).map((wait) => ({ wait, reason: 'public/data/imdb is not prepared (npm run data:imdb)' })),
  };
}

/** Words the pasted review is made of: ordinary English, in the vocabulary and out of it. */
const REVIEW_WORDS = (
  'this movie was a delight from start to finish , the acting is superb and the story moved me . ' +
  'sadly the ending felt rushed and some scenes dragged on far too long ; still , I would watch it again ! ' +
  'the soundtrack , the cinematography and the cast were wonderful , though the villain was dull and predictable .'
).split(' ');

/** `words` over and over, single spaces between, cut to exactly `length` characters. */
function repeatedWords(words: readonly string[], length: number): string {
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; total < length; i++) {
    const word = words[i % words.length];
    parts.push(word);
    total += word.length + 1;
  }
  return parts.join(' ').slice(0, length);
}

/**
 * A review of exactly `chars` characters (UTF-16 code units, all ASCII: as many bytes), words
 * separated by single spaces, the same every time.
 */
export const syntheticReview = (chars: number): string => repeatedWords(REVIEW_WORDS, chars);

/** 1 MB, as the issue has it. */
export const PASTE_CHARS = 1_000_000;

/** The user-data waits (issue #20): what is fed to which card, and how big. */
export const TEXT_50MB_BYTES = 50_000_000;
export const TEXT_1MB_BYTES = 1_000_000;
export const CSV_ROWS = 100_000;

/**
 * The 50 MB text is read with windows this far apart, so its windows fit in memory and the card
 * goes on to train (stopped at once): what is timed is reading it, not a refusal.
 */
export const BIG_TEXT_STEP = 1000;

/** Words a generated text is made of: ordinary English, with punctuation and line breaks. */
const TEXT_WORDS = (
  'the river ran slow past the mill , and the miller watched the water turn the wheel . ' +
  'in winter the ice held the wheel still ; in spring it sang again !\n' +
  'she wrote letters to her brother , who sailed north every year and came back with stories .\n'
).split(' ');

/** A text of exactly `bytes` bytes of UTF-8 (all ASCII), the same every time. */
export const syntheticText = (bytes: number): string => repeatedWords(TEXT_WORDS, bytes);

/** A card that reads CSV files, and a CSV of `CSV_ROWS` rows it takes. */
export interface CsvCard {
  /** The card's test-id prefix: `<card>.panel`, `<card>.file`, `<card>.train`. */
  card: string;
  kind: 'series' | 'classify';
  csv(rows: number): string;
}

/** The CSV cards, tried in order: the first in the build is measured. */
export const CSV_CARDS: readonly CsvCard[] = [
  {
    card: 'yourSeries', kind: 'series',
    csv: (rows) => ['date,temperature,pressure', ...Array.from({ length: rows }, (_, k) => {
      const day = new Date(Date.UTC(2000, 0, 1) + k * 3_600_000).toISOString().slice(0, 13);
      return `${day},${(15 + 10 * Math.sin(k / 24) + ((k * 7919) % 13) / 10).toFixed(2)},${(1010 + 8 * Math.cos(k / 240)).toFixed(1)}`;
    })].join('\n'),
  },
  {
    card: 'yourLabelled', kind: 'classify',
    csv: (rows) => ['text,label', ...Array.from({ length: rows }, (_, k) => {
      const words = syntheticText(40 + (k % 60)).replace(/[",\n]/g, ' ');
      return `"${words}",${['good', 'bad', 'fine'][k % 3]}`;
    })].join('\n'),
  },
];
