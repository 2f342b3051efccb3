/** Labelled sentences generated for tests: each class has its own words, so a small model separates them. */
const CLASS_WORDS: Record<string, string[]> = {
  sport: ['goal', 'match', 'team', 'score', 'ball', 'coach'],
  food: ['bread', 'soup', 'cheese', 'apple', 'spicy', 'dinner'],
  weather: ['rain', 'cloud', 'sunny', 'storm', 'wind', 'snow'],
};
const FILLER = ['the', 'a', 'was', 'very', 'today', 'and'];

/** `perClass` sentences of each of `classes` classes (2 or 3), in a seeded order mixing the classes. */
export function labelledSentences(perClass: number, classes = 3, seed = 11): { text: string; label: string }[] {
  const names = Object.keys(CLASS_WORDS).slice(0, classes);
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state >>> 16) % n; // the high bits: the low ones of this generator repeat with a short period
  };
  const out: { text: string; label: string }[] = [];
  for (let i = 0; i < perClass; i++) {
    for (const label of names) {
      const words = CLASS_WORDS[label];
      const sentence = Array.from({ length: 5 }, (_, k) => (k % 2 === 0 ? words[next(words.length)] : FILLER[next(FILLER.length)]));
      out.push({ text: sentence.join(' '), label });
    }
  }
  return out;
}

/** The sentences as a CSV file's text, with a header `text,label`. */
export const labelledCsv = (rows: { text: string; label: string }[]): string =>
  `text,label\n${rows.map((r) => `"${r.text}",${r.label}`).join('\n')}\n`;
