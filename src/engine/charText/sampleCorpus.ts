/**
 * The text the "Your text" card trains on with one click, before a user has a file: a small
 * seeded grammar's sentences about a harbour town, written here (nothing fetched, nothing taken
 * from another text). Regular enough that a character model learns its words and sentence shapes
 * in a few epochs, varied enough that its samples at different temperatures differ.
 */
import { createRng, type Rng } from '../rng';

export const SAMPLE_CORPUS_NAME = 'harbour-town.txt';

const WORDS = {
  who: ['the fisherman', 'the old baker', 'a small girl', 'the harbour master', 'the tailor', 'a grey cat', 'the lighthouse keeper', 'the sailors', 'a quiet boy', 'the painter'],
  did: ['mended', 'carried', 'painted', 'counted', 'found', 'sold', 'watched', 'hid', 'cleaned', 'lost'],
  what: ['the nets', 'a basket of bread', 'the blue boat', 'seven shells', 'the lantern', 'an old map', 'the red door', 'a bag of salt', 'the morning fish', 'a silver key'],
  where: ['by the water', 'on the pier', 'behind the market', 'under the bridge', 'at the top of the hill', 'near the church', 'in the narrow street', 'beside the lighthouse'],
  when: ['at dawn', 'before the rain', 'after supper', 'every morning', 'on market day', 'when the tide turned', 'late at night', 'in the spring'],
  said: ['said', 'whispered', 'called', 'laughed', 'asked'],
  line: ['the sea is calm today', 'the wind is from the north', 'the boats are coming home', 'we will need more salt', 'the bread is still warm', 'the gulls know the way'],
};

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(0, list.length)];
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

function sentence(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `${capital(pick(rng, WORDS.who))} ${pick(rng, WORDS.did)} ${pick(rng, WORDS.what)} ${pick(rng, WORDS.where)}.`;
    case 1:
      return `${capital(pick(rng, WORDS.when))}, ${pick(rng, WORDS.who)} ${pick(rng, WORDS.did)} ${pick(rng, WORDS.what)}.`;
    case 2:
      return `"${capital(pick(rng, WORDS.line))}," ${pick(rng, WORDS.said)} ${pick(rng, WORDS.who)}.`;
    default:
      return `${capital(pick(rng, WORDS.who))} and ${pick(rng, WORDS.who)} ${pick(rng, WORDS.did)} ${pick(rng, WORDS.what)} ${pick(rng, WORDS.when)}.`;
  }
}

/** About `characters` characters of the sample text, in paragraphs of a few sentences; the same every time. */
export function sampleCorpus(characters = 30_000): string {
  const rng = createRng(2026);
  const paragraphs: string[] = [];
  let length = 0;
  while (length < characters) {
    const paragraph = Array.from({ length: rng.int(3, 7) }, () => sentence(rng)).join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return `${paragraphs.join('\n\n')}\n`;
}
