/**
 * "The data never leaves the page" (issue #20), for every card that takes a user's data: a file
 * with a marker no one else writes is loaded, trained on, tried, inspected and exported (model
 * files downloaded), while every request the browser makes (the page's, its workers', by the
 * browser context; the service worker is blocked as in playwright.config.ts) is recorded. None may
 * carry the marker in any form (URL, headers, body; UTF-8, UTF-16, URL-encoded, base64), and none
 * may go anywhere but this server on 127.0.0.1.
 *
 * One row per card (text, labelled texts, series), each run for real: its card, Try, Inspect where
 * it has one and every model-file download must be there, or the row fails.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/** In the user's file and nowhere else: no request may carry it. */
const MARKER = 'qzvxPrivate7f3kMarker';

interface PrivateCard {
  /** The card's test-id prefix (`yourText.panel`, `yourText.file`, …). */
  card: string;
  file: { name: string; mimeType: string; content: string };
  /** Small settings (test-id suffix → value), where the card has the field, so a run takes seconds. */
  settings: Record<string, string>;
  /** Typed into the card's Try box, and the test id its answer shows in. */
  tryIt: { text: string; answer: string };
  /** Typed into the card's Inspect box, where it has one (after clicking `choose`, the test id that offers the box). */
  inspect?: { choose?: string; text: string };
  /** Buttons that download the model files, where the card has them. */
  downloads: string[];
}

const sentences = (n: number, words: readonly string[]) =>
  Array.from({ length: n }, (_, k) => `${words[k % words.length]} ${MARKER} ${words[(k * 7 + 3) % words.length]}.`);

const WORDS = ['the heron waits', 'a clock hums', 'rain on the roof', 'my neighbour sings', 'the river is slow', 'a quiet street'] as const;

const CARDS: Record<'text' | 'classify' | 'series', PrivateCard> = {
  text: {
    card: 'yourText',
    file: { name: 'diary.txt', mimeType: 'text/plain', content: sentences(150, WORDS).join(' ') },
    settings: { seqLength: '16', step: '3', units: '24', epochs: '1', batchSize: '64' },
    tryIt: { text: `the heron ${MARKER.slice(0, 8)}`, answer: 'yourText.try.top' },
    inspect: { text: `a clock ${MARKER.slice(0, 6)}` },
    downloads: ['yourText.files.keras', 'yourText.files.tfjs'],
  },
  classify: {
    card: 'yourLabelled',
    file: {
      name: 'opinions.csv', mimeType: 'text/csv',
      content: ['text,label', ...sentences(120, WORDS).map((s, k) => `"${s}",${k % 2 ? 'good' : 'bad'}`)].join('\n'),
    },
    settings: { epochs: '1', vocabSize: '60', seqLength: '12', embeddingDim: '8', units: '12', batchSize: '32' },
    tryIt: { text: `a quiet ${MARKER} street`, answer: 'yourLabelled.try.answer' },
    downloads: ['yourLabelled.files.keras', 'yourLabelled.files.tfjs'],
  },
  series: {
    card: 'yourSeries',
    // The marker is a column's name: the only text a numeric series has.
    file: {
      name: 'readings.csv', mimeType: 'text/csv',
      content: ['date,' + MARKER, ...Array.from({ length: 240 }, (_, k) => `${new Date(Date.UTC(2020, 0, 1) + k * 86_400_000).toISOString().slice(0, 10)},${(Math.sin(k / 5) * 10 + 20).toFixed(4)}`)].join('\n'),
    },
    settings: { epochs: '1', lookBack: '8', units: '12', layers: '1', batchSize: '32' },
    tryIt: { text: '20.1, 21.4, 22.9, 23.7, 24.0, 23.1, 21.8, 20.3, 18.9, 17.6', answer: 'yourSeries.try.answer' },
    inspect: { choose: 'yourSeries.inspect.from.typed', text: '20.1 21.4 22.9 23.7 24.0 23.1 21.8 20.3' },
    downloads: ['yourSeries.save.keras', 'yourSeries.save.tfjs'],
  },
};

/** Every form the marker's bytes could travel in. */
function markerForms(marker: string): Buffer[] {
  const utf8 = Buffer.from(marker, 'utf8');
  // base64 of a longer text holds the marker's bytes at one of three alignments: their inner part.
  const base64 = [0, 1, 2].map((k) => Buffer.from(Buffer.concat([Buffer.alloc(k), utf8]).toString('base64').slice(4, -4), 'latin1'));
  return [utf8, Buffer.from(marker, 'utf16le'), Buffer.from(encodeURIComponent(marker), 'latin1'), ...base64];
}

const FORMS = markerForms(MARKER);

/** What a request sends: its URL, its headers and its body. */
interface Sent {
  url: string;
  headers: string;
  body: Buffer;
}

const carriesMarker = (sent: Sent): boolean => {
  const all = Buffer.concat([Buffer.from(sent.url, 'utf8'), Buffer.from(sent.headers, 'utf8'), sent.body]);
  return FORMS.some((form) => all.includes(form)) || all.toString('latin1').toLowerCase().includes(MARKER.toLowerCase());
};

/** Local to the page: this server on 127.0.0.1, or data held by the page itself. */
const staysLocal = (url: string): boolean => {
  const u = new URL(url);
  return u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1';
};

async function sentOf(r: Request): Promise<Sent> {
  return { url: r.url(), headers: JSON.stringify(await r.allHeaders().catch(() => r.headers())), body: r.postDataBuffer() ?? Buffer.alloc(0) };
}

/** Records every request of the page's browser context, its workers' included, and every WebSocket. */
function recordRequests(page: Page): Request[] & { sockets: string[] } {
  const requests = Object.assign([] as Request[], { sockets: [] as string[] });
  page.context().on('request', (r) => requests.push(r));
  page.on('websocket', (ws) => requests.sockets.push(ws.url()));
  return requests;
}

test('the privacy check itself finds the marker in every form a request could carry it', () => {
  const text = CARDS.text.file.content;
  const none = Buffer.alloc(0);
  expect(carriesMarker({ url: `http://127.0.0.1/x?q=${encodeURIComponent(text.slice(0, 200))}`, headers: '{}', body: none })).toBe(true);
  expect(carriesMarker({ url: 'http://127.0.0.1/x', headers: '{}', body: Buffer.from(text, 'utf16le') })).toBe(true);
  for (const k of [0, 1, 2]) {
    expect(carriesMarker({ url: 'http://127.0.0.1/x', headers: '{}', body: Buffer.from(Buffer.from('x'.repeat(k) + text.slice(0, 300)).toString('base64')) })).toBe(true);
  }
  expect(carriesMarker({ url: 'http://127.0.0.1/assets/index.js', headers: '{"accept":"*/*"}', body: Buffer.from('{"hp":{"units":24}}') })).toBe(false);
  expect(staysLocal('http://127.0.0.1:4185/assets/a.js')).toBe(true);
  expect(staysLocal('https://example.com/collect')).toBe(false);
});

for (const [kind, row] of Object.entries(CARDS)) {
  test(`${kind}: loading, training, trying, inspecting and exporting send nothing of the data, and nothing leaves 127.0.0.1`, async ({ page }) => {
    const lab = new LabPage(page);
    const requests = recordRequests(page);
    await lab.open();
    const id = (suffix: string) => page.getByTestId(`${row.card}.${suffix}`);
    await expect(id('panel')).toBeVisible();

    await id('file').setInputFiles({ name: row.file.name, mimeType: row.file.mimeType, buffer: Buffer.from(row.file.content, 'utf8') });
    await expect(id('source')).toContainText(row.file.name);
    for (const [key, value] of Object.entries(row.settings)) await id(`field.${key}`).fill(value);
    await id('train').click();
    await expect(id('panel')).toHaveAttribute('data-phase', 'done', { timeout: 150_000 });

    await id('try').fill(row.tryIt.text);
    await expect(page.getByTestId(row.tryIt.answer).first()).toBeVisible();
    if (row.inspect) {
      if (row.inspect.choose) await page.getByTestId(row.inspect.choose).click();
      await id('inspect.input').fill(row.inspect.text);
      await expect(id('inspect.result')).toBeVisible();
    }
    // Each button gives the model's files and its data file.
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    for (const button of row.downloads) {
      const before = downloads.length;
      await page.getByTestId(button).click();
      await expect.poll(() => downloads.slice(before).some((n) => n.endsWith('.data.json'))).toBe(true);
    }
    const downloaded = downloads.length;
    // Whatever answers late (a worker's last fetch) is recorded too.
    await page.waitForLoadState('networkidle');

    expect(requests.length).toBeGreaterThan(0); // the recorder saw the page load
    const offending: string[] = [];
    for (const r of requests) {
      const sent = await sentOf(r);
      if (carriesMarker(sent)) offending.push(`carries the data: ${r.method()} ${r.url().slice(0, 120)}`);
      if (!staysLocal(r.url())) offending.push(`leaves 127.0.0.1: ${r.method()} ${r.url().slice(0, 120)}`);
    }
    for (const ws of requests.sockets) if (!staysLocal(ws.replace(/^ws/, 'http')) || carriesMarker({ url: ws, headers: '', body: Buffer.alloc(0) })) offending.push(`WebSocket: ${ws}`);
    expect(offending).toEqual([]);
    test.info().annotations.push({ type: 'checked', description: `${requests.length} requests, ${requests.sockets.length} WebSockets, ${downloaded} file(s) downloaded` });
    expect(lab.errors).toEqual([]);
  });
}
