/**
 * `npm run bench`: (1) Raut's per-frame pipeline against @vladmandic/face-api and @vladmandic/human,
 * side by side in one headless Chromium page, and (1b) what the engagement layer adds per frame;
 * (2) what Raut costs a running class (CPU, the page's video frame rate, the offscreen heap);
 * (3) cold start. See docs/performance.md.
 * `--json` prints one object on the last stdout line; figures not measured are null.
 */
import { parseArgs, type BenchArgs } from './args.ts';
import { benchPipelines, type PipelineSummary } from './pipelines.ts';
import { BENCH_FRAMES } from './frames.ts';
import { benchEngagement, type EngagementCost } from './engagement.ts';
import { addedCpuLine, answerTable, benchJson, crossoverLine, engagementLine, NOT_MEASURED, pipelineTable, ratioToFasterPeer, type ClassCost, firefoxLine } from './report.ts';
import { benchClassCost, classCostUnavailable, coldStartMedian } from './class-cost.ts';
import { runCrossover, type CrossoverSummary } from './crossover.ts';
import { round } from './stats.ts';
import { EXTENSION_DIR } from '../../tests/helpers/chromium.ts';
import { adapterLine } from '../../tests/harness/bench-page/api.ts';

const WARMUP_PASSES = 2;

/**
 * The 1 frame/s figure again, from two classes measured at once (crossover.ts): on wasm only, where
 * the class part ran on it too (the crossover's browsers have no WebGPU flags).
 */
async function crossoverIfWanted(args: BenchArgs, log: (line: string) => void): Promise<CrossoverSummary | null> {
  if (args.crossoverRounds === 0) return null;
  if (args.backend !== 'wasm') {
    log('crossover not run: it measures the wasm backend only so far');
    return null;
  }
  const summary = await runCrossover({ build: EXTENSION_DIR, rate: 1, rounds: args.crossoverRounds, windowS: args.windowS, warmUpS: Math.min(args.warmUpS, 30), log });
  log(crossoverLine(summary));
  return summary;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);

  let summaries: PipelineSummary[] = [];
  let firefox: PipelineSummary | null = null;
  let engagement: EngagementCost | null = null;
  let webgpuAdapter: string | null = null;
  if (args.only !== 'class') {
    log(`1. pipelines: ${WARMUP_PASSES} warm-up passes, then ${args.frames} frames each, interleaved (${args.backend})`);
    const pipelines = await benchPipelines({ measuredFrames: args.frames, warmupPasses: WARMUP_PASSES, backend: args.backend });
    summaries = pipelines.summaries;
    firefox = pipelines.firefox;
    webgpuAdapter = pipelines.webgpuAdapter;
    if (webgpuAdapter !== null) log(adapterLine(webgpuAdapter));
    for (const line of pipelines.unavailable) log(`not measured on ${args.backend}: ${line}`);
    log(pipelineTable(summaries));
    log(answerTable(BENCH_FRAMES, summaries));
    const ratio = ratioToFasterPeer(summaries);
    if (ratio !== null) log(`raut ÷ faster peer (median): ${ratio.toFixed(2)}`);
    log(firefoxLine(summaries, firefox, pipelines.firefoxNote));
    if (args.backend !== 'wasm') log(`1b. engagement layer not measured: it is timed on wasm only so far`);
    else {
      log(`1b. engagement layer: each step timed on the same ${BENCH_FRAMES.length} bench frames (engine harness page, ${args.backend})`);
      engagement = await benchEngagement({ frames: BENCH_FRAMES, measuredFrames: args.frames, warmupPasses: WARMUP_PASSES });
      log(engagementLine(engagement));
    }
  }

  let cost: ClassCost = NOT_MEASURED;
  if (args.only !== 'pipelines') {
    const unavailable = classCostUnavailable();
    if (unavailable) log(`2./3. class cost and cold start not measured: ${unavailable}`);
    else {
      log('2./3. class cost and cold start (demo class page, fake face camera, built extension)');
      const result = await benchClassCost({ backend: args.backend, windowS: args.windowS, rounds: args.rounds, warmUpS: args.warmUpS, coldRuns: args.coldRuns, log });
      webgpuAdapter ??= result.webgpuAdapter;
      log(addedCpuLine('1fps', result.addedCpu1fps));
      log(addedCpuLine('5fps', result.addedCpu5fps));
      const cold = coldStartMedian(result.coldStartsMs);
      log(`cold start (models cached): median ${cold === null ? 'n/a' : `${cold} ms`} of [${result.coldStartsMs.join(', ')}] ms; first join of a fresh profile ${result.firstColdStartMs} ms`);
      if (result.heap === null) log(`offscreen_heap_mb is null: ${result.heapNote ?? 'no reading'}`);
      const crossover = await crossoverIfWanted(args, log);
      const rounded = (value: number | null) => (value === null ? null : round(value));
      const roundedPair = (pair: [number, number] | null): [number, number] | null => (pair === null ? null : [round(pair[0]), round(pair[1])]);
      cost = {
        addedCpuPct1fps: rounded(result.addedCpu1fps?.pct ?? null),
        addedCpuPct1fpsCi95: roundedPair(result.addedCpu1fps?.ci95 ?? null),
        addedCpuPct5fps: rounded(result.addedCpu5fps?.pct ?? null),
        addedCpuPct5fpsCi95: roundedPair(result.addedCpu5fps?.ci95 ?? null),
        addedCpuPct1fpsCrossover: crossover?.added_cpu_pct ?? null,
        addedCpuPct1fpsCrossoverCi95: crossover?.added_cpu_pct_ci95 ?? null,
        offscreenHeapMb: rounded(result.heap?.usedMb ?? null),
        coldStartMs: rounded(cold),
        faceDetector: result.faceDetector,
      };
    }
  }

  const json = benchJson(summaries, cost, args.backend, engagement, firefox, webgpuAdapter);
  if (args.json) process.stdout.write(`${JSON.stringify(json)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
