/**
 * What `npm run train -- --inspect <input>` prints without `--json`: the layers' sizes and the
 * model's answer in words a reader can check, each number labelled (a letter with its probability,
 * most likely first; each step of a series with its value and call). `--json` prints the whole
 * inspection instead, gates and states included.
 */
import { seriesStepLabel } from '../src/engine/inspect/inspectSeries';
import type { InspectResult } from '../src/engine/inspect/types';
import { MEMORY_KEYS } from '../src/scenarios/memory';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Letters per printed row: 26 in five rows of a terminal's width. */
const PER_ROW = 6;

type Answer<K extends InspectResult['kind']> = Extract<InspectResult, { kind: K }>;

const layersLine = (r: Exclude<InspectResult, { kind: 'invalid' }>): string =>
  `inspect: ${r.layers.map((l) => `${l.name} ${l.h.length} steps × ${l.units} units`).join(', ')}`;

function lettersText(r: Answer<'letters'>): string[] {
  const ranked = r.probabilities.map((p, k) => ({ letter: LETTERS[k], p })).sort((a, b) => b.p - a.p);
  const rows: string[] = [];
  for (let k = 0; k < ranked.length; k += PER_ROW) {
    rows.push('  ' + ranked.slice(k, k + PER_ROW).map(({ letter, p }) => `${letter} ${p.toFixed(3)}`).join('   '));
  }
  return [`next letter after ${r.input}: ${ranked[0].letter} (${(ranked[0].p * 100).toFixed(1)}%); every letter, most likely first:`, ...rows];
}

function memoryText(r: Answer<'memory'>): string[] {
  const ranked = r.probabilities.map((p, k) => ({ letter: MEMORY_KEYS[k], p })).sort((a, b) => b.p - a.p);
  return [`the letter in ${r.input.length > 16 ? `${r.input.slice(0, 16)}…` : r.input}: ${ranked.map(({ letter, p }) => `${letter} ${p.toFixed(3)}`).join('   ')}`];
}

function reviewText(r: Answer<'review'>): string[] {
  const lines = [`positive: ${r.probabilities[0].toFixed(3)}`];
  const a = r.attributions;
  if (a) lines.push(`attributions: ${r.tokens.map((t, k) => `${t.word} ${a.words[k].toFixed(3)}`).join(', ')}`);
  return lines;
}

function trendText(r: Answer<'trend'>): string[] {
  return [
    'each step: x, P(keeps its direction), what it did',
    ...r.steps.map((s, k) => `  ${k + 1}. x ${s.x}  P ${s.p.toFixed(3)}  ${s.label ? 'kept' : 'turned'}`),
  ];
}

function charsText(r: Answer<'chars'>): string[] {
  const shown = (c: string) => JSON.stringify(c);
  return [
    'each character read, and the one the model expects after it',
    ...r.chars.filter((c) => !c.filled).map((c) => `  ${shown(c.char)} → ${shown(c.next.char)} ${c.next.p.toFixed(3)}`),
  ];
}

function seriesText(r: Answer<'series'>): string[] {
  const what = r.task === 'up' ? 'P(next step up)' : `next ${r.names[r.target]}`;
  return [
    `each step read (${r.names.join(', ')}), and the model's ${what} had the window ended there`,
    ...r.steps.map((s) => `  ${seriesStepLabel(s.values)} → ${+s.answer.toPrecision(6)}`),
  ];
}

function wordsText(r: Answer<'words'>): string[] {
  const lines = [`class: ${r.classes[r.predicted].name}; ${r.classes.map((c) => `${c.name} ${c.p.toFixed(3)}`).join(', ')}`];
  const a = r.attributions;
  if (a) lines.push(`attributions (to ${r.classes[1].name}): ${r.tokens.map((t, k) => `${t.word} ${a.words[k].toFixed(3)}`).join(', ')}`);
  return lines;
}

const ANSWER_TEXT: { readonly [K in Exclude<InspectResult['kind'], 'invalid'>]: (r: Answer<K>) => string[] } = {
  letters: lettersText,
  memory: memoryText,
  review: reviewText,
  trend: trendText,
  chars: charsText,
  series: seriesText,
  words: wordsText,
};

/** The inspection in lines of text (one for a refusal). */
export function inspectText(r: InspectResult): string {
  if (r.kind === 'invalid') return `inspect: ${r.message}`;
  return [layersLine(r), ...(ANSWER_TEXT[r.kind] as (x: InspectResult) => string[])(r)].join('\n');
}
