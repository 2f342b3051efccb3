/**
 * `npm run bench:fidelity -- [--only trend,alphabet] [--seeds 1,2,3] [--backend wasm|cpu]
 *   [--trainer fused|layers] [--quick] [--fresh] [--out dir] [--json]`
 *
 * Trains each tutorial variant at its published hyperparameters with the app's engine in Node and
 * writes bench/results/fidelity.json and fidelity.md (see bench/fidelity/). Resumable: finished
 * (variant, seed) runs are saved at once and skipped next time. Ctrl-C stops the current run
 * cleanly (a second Ctrl-C exits at once). Exit code: 0 when every variant run passes (or quick
 * mode), 1 when one falls short or a run failed, 2 for bad arguments, 130 when interrupted.
 *
 * Ctrl-C and the `tsx` command: tsx runs the script in a child process and, when a Ctrl-C is not
 * acknowledged within about 30 ms, sends a second SIGINT and then SIGKILL. A training batch keeps
 * the event loop busy for longer than that, so under `tsx bench/fidelity.ts` the stop is often a
 * kill. Nothing is lost (results are written atomically and only when a run finishes; the killed
 * run starts again next time), but for the clean stop run `node --import tsx bench/fidelity.ts`.
 */
// First: the flag must be set before any WebAssembly is compiled.
import './relaxedSimd';
import { nodeSession } from './cli';
import { runHarness, type HarnessEvent } from './fidelity/harness';
import { USAGE, parseFidelityArgs } from './fidelity/plan';
import { duration, epochLine, summarize, verdictLine } from './fidelity/report';

const { options, help, problems } = parseFidelityArgs(process.argv.slice(2));
if (help) {
  console.log(USAGE);
  process.exit(0);
}
if (problems.length) {
  for (const p of problems) console.error(`error: ${p}`);
  console.error('Run with --help for usage.');
  process.exit(2);
}

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  console.error('\nStopping after the current batch (Ctrl-C again to quit now)…');
  controller.abort();
});

/** JSON lines keep every event whole; text mode prints what a person watching wants. */
function print(event: HarnessEvent): void {
  if (options.json) {
    // Keep lines short: histories went out epoch by epoch, and are in the results file.
    const line =
      event.type === 'start' ? { ...event, run: undefined, config: event.run.config }
      : event.type === 'result' ? { ...event, result: { ...event.result, history: undefined } }
      : event.type === 'summary' ? { ...event, variants: event.variants.map(({ results: _, ...v }) => v) }
      : event;
    console.log(JSON.stringify(line));
    return;
  }
  switch (event.type) {
    case 'plan':
      console.log(`${event.total} run(s) planned, ${event.pending} to do` + (event.skipped.length ? `; already saved: ${event.skipped.join(' ')}` : ''));
      console.log(`results: ${event.files.json}, ${event.files.markdown}`);
      break;
    case 'warning':
      console.warn(`warning: ${event.message}`);
      break;
    case 'start': {
      const hp = event.run.config.hp;
      console.log(`\n[${event.index}/${event.of}] ${event.key}: ${hp.epochs} epochs, batch ${hp.batchSize}, ${event.run.trainer === 'typed' ? 'typed trainer' : `tfjs ${event.run.trainer} on ${event.run.backend}`}`);
      break;
    }
    case 'runPlan':
      console.log(event.plan.reason);
      break;
    case 'epoch':
      console.log(epochLine(event.scenario, event.seed, event.update, event.elapsedSeconds));
      break;
    case 'result': {
      const r = event.result;
      const ours = r.ours === null ? 'no figure' : `${(r.ours * 100).toFixed(2)}%`;
      console.log(`${event.key}: ${r.reason}, ours ${ours} (published ${(r.published * 100).toFixed(2)}%) in ${duration(r.wallSeconds)} — saved`);
      break;
    }
    case 'error':
      console.error(`${event.key} failed: ${event.message}`);
      break;
    case 'stopped':
      console.log(`${event.key} stopped after ${event.epochsDone} epoch(s); not saved, it will run again next time.`);
      break;
    case 'summary':
      console.log('');
      for (const v of event.variants) if (v.results.length) console.log(verdictLine(v));
      break;
  }
}

const outcome = await runHarness(options, { engine: nodeSession, signal: controller.signal, onEvent: print });
if (!options.json) {
  const saved = outcome.store.results.length;
  console.log(`\n${saved} saved run(s) in ${outcome.files.json}${saved ? '' : ' (none yet)'}; table: ${outcome.files.markdown}`);
}
// Verdicts of the variants asked for (all saved ones without --only).
const short = summarize(outcome.store.results, options.quick)
  .filter((v) => !options.only || options.only.includes(v.scenario))
  .some((v) => v.verdict === 'SHORT');
process.exit(outcome.stopped ? 130 : outcome.failed.length || short ? 1 : 0);
