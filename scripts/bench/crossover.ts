/**
 * Raut's added CPU at one sampling rate, with two classes measured at the same time (a crossover).
 * The class bench (class-cost.ts) compares an analysing window with a paused one 30 s later in one
 * browser: the class page's own video, 20–30 % of a core here, moves between those windows by more
 * than Raut costs at 1 frame/s. Here two Debian Chromiums run the same build, each its own demo class
 * and fake face camera. Each round has two windows, in alternating order: X analysing while Y is
 * paused, then Y analysing while X is paused. Per round:
 *   added = ((X analysing − Y paused) + (Y analysing − X paused)) ÷ 2
 * Within a window both trees face the same load; across the two windows each browser is once
 * analysing and once paused, so what one browser costs more than the other cancels.
 * Over the rounds: a Hodges–Lehmann estimate with its 95 % interval, as % of one core.
 *
 *   npx vite build && npx tsx scripts/bench/crossover.ts -- [--build dist/chrome] [--rate 1] [--rounds 12] [--window 20] [--warm-up 30]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { messageOf } from '../../src/shared/error-message.ts';
import { EXTENSION_DIR } from '../../tests/helpers/chromium.ts';
import { classCostUnavailable } from './class-cost.ts';
import { hodgesLehmann, hodgesLehmannInterval95, round } from './stats.ts';
import { builtExtension, measureSides, openSide, positiveOption, roundsSummary, type Side, type SidesWindow } from './two-classes.ts';

export interface CrossoverRound {
  /** Raut's added CPU, % of one core. */
  addedPct: number;
  /** The same per stored sample, ms. */
  msPerSample: number;
  /** How much more the first browser's tree costs than the second's with Raut in the same state, % of one core. */
  browserGapPct: number;
}

function pct(cpuS: number, wallS: number): number {
  return (cpuS / wallS) * 100;
}

/** One round from its two windows: in each, one side analysing and the other paused, the roles swapped between them. */
export function crossoverRound(first: SidesWindow, second: SidesWindow): CrossoverRound {
  const windows = [first, second];
  const aAnalysing = windows.find((w) => w.analysing.A && !w.analysing.B);
  const bAnalysing = windows.find((w) => w.analysing.B && !w.analysing.A);
  if (!aAnalysing || !bAnalysing) throw new Error('a crossover round needs one window with A analysing alone and one with B analysing alone');
  const aOverB = pct(aAnalysing.cpuS.A, aAnalysing.wallS) - pct(aAnalysing.cpuS.B, aAnalysing.wallS);
  const bOverA = pct(bAnalysing.cpuS.B, bAnalysing.wallS) - pct(bAnalysing.cpuS.A, bAnalysing.wallS);
  const addedPct = (aOverB + bOverA) / 2;
  const samplesPerSecond = (aAnalysing.samples.A / aAnalysing.wallS + bAnalysing.samples.B / bAnalysing.wallS) / 2;
  return { addedPct, msPerSample: (addedPct * 10) / Math.max(samplesPerSecond, 1e-9), browserGapPct: (aOverB - bOverA) / 2 };
}

export interface CrossoverSummary {
  added_cpu_pct: number;
  added_cpu_pct_ci95: [number, number] | null;
  ms_per_sample: number;
  rounds: number;
}

export function summariseCrossover(rounds: readonly CrossoverRound[]): CrossoverSummary {
  const added = rounds.map((r) => r.addedPct);
  const interval = hodgesLehmannInterval95(added);
  return {
    added_cpu_pct: round(hodgesLehmann(added)),
    added_cpu_pct_ci95: interval ? [round(interval[0]), round(interval[1])] : null,
    ms_per_sample: round(hodgesLehmann(rounds.map((r) => r.msPerSample)), 1),
    rounds: rounds.length,
  };
}

export interface CrossoverOptions {
  build: string;
  /** Samples a second while analysing. */
  rate: number;
  rounds: number;
  windowS: number;
  /** Seconds with both analysing before the rounds, not counted (0: none). */
  warmUpS: number;
  log: (line: string) => void;
}

/** Two browsers with `build`, the crossover's rounds, and their summary; progress and the rounds go to `log`. */
export async function runCrossover(options: CrossoverOptions): Promise<CrossoverSummary> {
  const { build, rate, rounds, windowS, warmUpS, log } = options;
  log(`crossover: ${build}, twice; ${rounds} rounds × (A analysing at ${rate} frame(s)/s beside B paused, and the other way round), windows of ${windowS} s`);
  const sides: readonly Side[] = [await openSide('A', build, rate, 'raut-crossover'), await openSide('B', build, rate, 'raut-crossover')];
  try {
    if (warmUpS > 0) {
      log(`warm-up, not counted: ${warmUpS} s analysing in both`);
      await measureSides(sides, { A: true, B: true }, warmUpS, rate);
    }
    const results: CrossoverRound[] = [];
    for (let index = 0; index < rounds; index++) {
      const orders = index % 2 === 0 ? [true, false] : [false, true];
      const windows: SidesWindow[] = [];
      for (const aAnalyses of orders) {
        const w = await measureSides(sides, { A: aAnalyses, B: !aAnalyses }, windowS, rate);
        windows.push(w);
        log(`  round ${index + 1} ${aAnalyses ? 'A' : 'B'} analysing ${w.wallS.toFixed(1)} s: A ${w.cpuS.A.toFixed(2)} s, B ${w.cpuS.B.toFixed(2)} s of CPU; samples A ${w.samples.A}, B ${w.samples.B}`);
      }
      const result = crossoverRound(windows[0]!, windows[1]!);
      results.push(result);
      log(`  round ${index + 1}: added ${result.addedPct.toFixed(2)} % of one core (A's tree over B's, alike: ${result.browserGapPct.toFixed(2)} %)`);
    }
    log(roundsSummary(`crossover: Raut's added CPU at ${rate} frame(s)/s`, results.map((r) => r.addedPct), '% of one core'));
    log(roundsSummary('crossover: per sample', results.map((r) => r.msPerSample), 'ms of CPU'));
    return summariseCrossover(results);
  } finally {
    for (const side of sides) await side.bench.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      build: { type: 'string', default: EXTENSION_DIR },
      rate: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '12' },
      window: { type: 'string', default: '20' },
      'warm-up': { type: 'string', default: '30' },
    },
  });
  const unavailable = classCostUnavailable();
  if (unavailable) throw new Error(`cannot run: ${unavailable}`);
  const summary = await runCrossover({
    build: builtExtension('build', values.build),
    rate: positiveOption('rate', values.rate),
    rounds: positiveOption('rounds', values.rounds),
    windowS: positiveOption('window', values.window),
    warmUpS: Number(values['warm-up']),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(summary));
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  main().catch((error: unknown) => {
    console.error(messageOf(error));
    process.exit(1);
  });
}
