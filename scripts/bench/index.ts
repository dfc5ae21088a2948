/**
 * `npm run bench`: Raut's per-frame pipeline against @vladmandic/face-api and @vladmandic/human,
 * side by side in one headless Chromium page (see docs/performance.md).
 * `--json` prints one object on the last stdout line; figures not measured are null.
 */
import { parseArgs } from './args.ts';
import { benchPipelines } from './pipelines.ts';
import { BENCH_FRAMES } from './frames.ts';
import { answerTable, benchJson, NOT_MEASURED, pipelineTable, ratioToFasterPeer } from './report.ts';

const WARMUP_PASSES = 2;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.backend !== 'wasm') throw new Error(`--backend ${args.backend}: only wasm is measured so far`);
  const log = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);
  log(`pipelines: ${WARMUP_PASSES} warm-up passes, then ${args.frames} frames each, interleaved (${args.backend})`);
  const summaries = await benchPipelines({ measuredFrames: args.frames, warmupPasses: WARMUP_PASSES });
  log(pipelineTable(summaries));
  log(answerTable(BENCH_FRAMES, summaries));
  const ratio = ratioToFasterPeer(summaries);
  if (ratio !== null) log(`raut ÷ faster peer (median): ${ratio.toFixed(2)}`);
  const json = benchJson(summaries, NOT_MEASURED, args.backend);
  if (args.json) process.stdout.write(`${JSON.stringify(json)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
