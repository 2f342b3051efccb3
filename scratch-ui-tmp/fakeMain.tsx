// THROWAWAY visual harness: the real UI on a fake engine. Deleted before handing back.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createLabStore } from '../src/state/store';
import { readConfigFromLocation, syncConfigToBrowserUrl } from '../src/state/urlSync';
import { App } from '../src/ui/App';
import { RunControls } from '../src/ui/panels/RunControls';
import { ProgressLine } from '../src/ui/panels/ProgressLine';
import { TrainingCharts } from '../src/ui/panels/TrainingCharts';
import { LabStoreContext } from '../src/ui/hooks/useLab';
import '../src/ui/styles.css';
import type { TrainingEngine, RunResult, PredictResult } from '../src/engine/types';
import { SCENARIOS } from '../src/scenarios';

const params = new URLSearchParams(location.search);
const rate = Number(params.get('rate') ?? 500); // batches per second

const engine: TrainingEngine = {
  train(config, cb) {
    let paused = false, stopped = false;
    let resolve!: (r: RunResult) => void, reject!: (e: unknown) => void;
    const done = new Promise<RunResult>((a, b) => { resolve = a; reject = b; });
    const scenario = SCENARIOS[config.scenario];
    const imdb = scenario.family === 'imdb';
    const samples = imdb ? (config.hp.trainSubset || 25000) : config.hp.samples;
    const batches = Math.ceil(samples * (1 - config.hp.validationSplit) / config.hp.batchSize);
    const E = config.hp.epochs;
    (async () => {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      await sleep(200);
      cb.onBackend?.({ name: 'wasm', requested: config.hp.backend, reason: 'WASM passed the correctness probe and was fastest (2.1 ms/step).', host: config.hp.backend === 'cpu' ? 'main-thread' : 'worker', threads: 1,
        trials: [ { name: 'webgpu', ok: false, detail: 'fallback adapter (software WebGPU)' }, { name: 'webgl', ok: false, detail: 'probe 14 ms/step, slower than wasm', probeMs: 14 }, { name: 'wasm', ok: true, detail: 'fastest correct backend', probeMs: 2.1 } ] });
      if (imdb) {
        const total = 17_000_000;
        for (let i = 0; i <= 10; i++) { cb.onData?.({ stage: 'download', loaded: total * i / 10, total, file: `imdb/train-${i % 4}.bin` }); await sleep(120);
          if (config.hp.seed === 13 && i === 4) { reject({ name: 'DataLoadError', message: 'Could not load /data/imdb/train-1.bin (HTTP 404). Run `npm run data:imdb` to build the dataset, then reload.' }); return; } }
        cb.onPreview?.({ trainCount: 25000, testCount: 25000,
          examples: [ { text: 'this film was just brilliant casting location scenery story direction everyone\'s really suited the part they played and you could just imagine being there robert redford is an amazing actor and now the same being director', label: 1, words: 218 }, { text: 'big hair big boobs bad music and a giant safety pin these are the words to best describe this terrible movie i love cheesy horror movies and i\'ve seen hundreds but this had got to be on of the worst ever made', label: 0, words: 189 }, { text: 'a wonderful little production the filming technique is very unassuming very old time bbc fashion', label: 1, words: 140 } ],
          lengthHistogram: Array.from({ length: 30 }, (_, i) => ({ from: i * 50, to: (i + 1) * 50, count: Math.round(4000 * Math.exp(-Math.pow((i * 50 - 150) / 120, 2)) + 30) })) });
      }
      const layers = scenario.model(config.hp).layers;
      cb.onSummary?.({ rows: layers.map((l, i) => ({ name: `${l.kind}_${i + 1}`, type: l.kind === 'lstm' ? 'LSTM' : l.kind === 'dense' ? 'Dense' : l.kind[0].toUpperCase() + l.kind.slice(1), outputShape: [null, 'units' in l ? l.units : 32], params: 1000 * (i + 1) })), totalParams: scenario.kerasParams, trainableParams: scenario.kerasParams });
      let step = 0;
      for (let e = 1; e <= E; e++) {
        const t0 = performance.now();
        for (let b = 1; b <= batches; b++) {
          while (paused && !stopped) await sleep(50);
          if (stopped) { resolve({ reason: 'stopped', epochsDone: e - 1 }); return; }
          step++;
          const base = 3 * Math.exp(-step / (batches * 3)) + 0.05;
          cb.onBatch?.({ epoch: e, batch: b, batches, loss: base * (0.6 + 0.8 * Math.random()), acc: Math.min(1, 1 - base / 3.3), msPerStep: 1000 / rate, samplesPerSec: rate * config.hp.batchSize, etaSec: ((E - e) * batches + batches - b) / rate });
          if (b % Math.max(1, Math.round(rate / 250)) === 0) await sleep(4);
        }
        if (config.hp.learningRate > 0.5 && e === 2) { resolve({ reason: 'nan', message: 'The loss became NaN in epoch 2 (batch 17). The learning rate 0.9 is probably too high; try 0.01 or lower.', epochsDone: 1 }); return; }
        const l = 3 * Math.exp(-step / (batches * 3)) + 0.05;
        cb.onEpoch?.({ epoch: e, epochs: E, loss: l, acc: Math.min(1, 1 - l / 3.3), ...(scenario.validation !== 'none' ? { valLoss: l * 1.1, valAcc: Math.min(1, 1 - l / 3) } : {}), seconds: (performance.now() - t0) / 1000 });
      }
      resolve({ reason: 'completed', epochsDone: E, ...(imdb ? { evaluation: { set: 'test', accuracy: 0.8612, loss: 0.3321, count: 25000, confusion: { tp: 10800, fp: 1770, tn: 10730, fn: 1700 } } } : {}) });
    })();
    return { pause: () => { paused = true; }, resume: () => { paused = false; }, stop: () => { stopped = true; }, done };
  },
  async predict(req): Promise<PredictResult> {
    await new Promise((r) => setTimeout(r, 30));
    if (req.kind === 'letters') {
      if (!/^[A-Z]+$/.test(req.text)) return { kind: 'invalid', message: `Use capital letters A–Z only (got “${req.text}”).` };
      if (req.text.length > 5) return { kind: 'invalid', message: 'At most 5 letters: the model was trained on runs of 1–5.' };
      const n = req.text.charCodeAt(req.text.length - 1) - 65 + 1;
      const L = (k: number) => String.fromCharCode(65 + Math.min(25, k));
      return { kind: 'letters', input: req.text, top: [{ letter: L(n), p: 0.91 }, { letter: L(n + 1), p: 0.05 }, { letter: L(n - 2), p: 0.02 }] };
    }
    if (req.kind === 'trend') {
      let x = 0; const steps = [];
      for (let i = 0; i < req.length; i++) { x += Math.random() - 0.5; const label = (Math.random() < 0.5 ? 0 : 1) as 0 | 1; const predicted = (Math.random() < 0.9 ? label : 1 - label) as 0 | 1; steps.push({ x, label, predicted, p: predicted ? 0.8 : 0.2 }); }
      return { kind: 'trend', steps, accuracy: steps.filter((s) => s.label === s.predicted).length / steps.length };
    }
    const words = req.text.toLowerCase().split(/\s+/).filter(Boolean);
    const maxlen = 80;
    const tokens = words.map((w, i) => ({ word: w, id: i, status: (i < words.length - maxlen ? 'cut' : /zz|qq|xyz/.test(w) ? 'oov' : 'ok') as 'ok' | 'oov' | 'cut', contribution: /good|great|love|brilliant|wonderful/.test(w) ? 0.3 : /bad|terrible|worst|boring/.test(w) ? -0.35 : (w.length % 5 - 2) * 0.02 }));
    const s = tokens.reduce((a, t) => a + (t.status === 'ok' ? t.contribution : 0), 0);
    return { kind: 'review', probability: 1 / (1 + Math.exp(-4 * s)), tokens };
  },
  async memory() { return { numTensors: 0, numBytes: 0 }; },
  dispose() {},
};

const store = createLabStore({ engine, initial: readConfigFromLocation() });
if (params.get('notice')) store.getState().addNotice('The training worker could not start (SyntaxError in training.worker.ts); training on the main thread instead.');
syncConfigToBrowserUrl(store);
(window as unknown as { labStore: unknown }).labStore = store;
createRoot(document.getElementById('root')!).render(<LabStoreContext value={store}>{params.get('only') === 'none' ? <><RunControls /><ProgressLine /></> : params.get('only') === 'charts' ? <><RunControls /><ProgressLine /><TrainingCharts /></> : <App />}</LabStoreContext>);
