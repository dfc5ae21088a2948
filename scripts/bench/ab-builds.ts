/**
 * Two builds of the extension side by side: what a change to the frame path costs or saves per
 * sample, measured in one run. The class bench (class-cost.ts) compares analysing with paused in one
 * build; a change worth a few ms a sample is lost in its noise between two runs.
 *
 * Two Debian Chromiums run at once (two-classes.ts), each with its own build, demo class and fake face camera, engines on wasm. Each
 * round has two windows, in alternating order: both analysing at --rate, and both paused. Both trees'
 * CPU is read from /proc in every window, so the machine's load at any moment falls on both alike,
 * and the difference between the builds comes from trees measured at the same time:
 *   B − A per sample = ((B − A) analysing − (B − A) paused) ÷ samples.
 * Each build's own added CPU (analysing − paused, windows apart in time) is noisier, and shown too.
 * Over the rounds: Hodges–Lehmann estimates with their 95 % intervals.
 *
 *   npx vite build && cp -r dist/chrome /tmp/before   # then change, rebuild, and:
 *   npx tsx scripts/bench/ab-builds.ts -- --a /tmp/before --b dist/chrome [--rate 5] [--rounds 8] [--window 20] [--warm-up 30]
 */
import { parseArgs } from 'node:util';
import { messageOf } from '../../src/shared/error-message.ts';
import { classCostUnavailable } from './class-cost.ts';
import { hodgesLehmann } from './stats.ts';
import { builtExtension, measureSides, openSide, positiveOption, roundsSummary, type Side, type SideName, type SidesWindow } from './two-classes.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    rate: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '8' },
    window: { type: 'string', default: '20' },
    'warm-up': { type: 'string', default: '30' },
  },
});

const rate = positiveOption('rate', values.rate);
const rounds = positiveOption('rounds', values.rounds);
const windowS = positiveOption('window', values.window);
const warmUpS = Number(values['warm-up']);
const builds = { A: builtExtension('a', values.a), B: builtExtension('b', values.b) };

/** Both sides analysing, or both paused. */
function measure(sides: readonly Side[], analysing: boolean, seconds: number): Promise<SidesWindow> {
  return measureSides(sides, { A: analysing, B: analysing }, seconds, rate);
}

interface RoundCost {
  /** Each build's ms of CPU per sample above its paused window, and its added % of one core. */
  msPerSample: Record<SideName, number>;
  pct: Record<SideName, number>;
  /** B − A in ms per sample, from the trees measured side by side in each window. */
  difference: number;
}

/** Per round: the windows' CPU as a share of their wall time, analysing − paused, per build and between them. */
function roundCosts(windows: readonly SidesWindow[]): RoundCost[] {
  const result: RoundCost[] = [];
  for (let i = 0; i + 1 < windows.length; i += 2) {
    const on = [windows[i]!, windows[i + 1]!].find((w) => w.analysing.A)!;
    const off = [windows[i]!, windows[i + 1]!].find((w) => !w.analysing.A)!;
    const addedS = (name: SideName) => on.cpuS[name] - (off.cpuS[name] * on.wallS) / off.wallS;
    const perSample = (name: SideName) => (addedS(name) * 1000) / Math.max(on.samples[name], 1);
    const samples = (on.samples.A + on.samples.B) / 2;
    const gap = (w: SidesWindow) => w.cpuS.B - w.cpuS.A;
    result.push({
      msPerSample: { A: perSample('A'), B: perSample('B') },
      pct: { A: (addedS('A') / on.wallS) * 100, B: (addedS('B') / on.wallS) * 100 },
      difference: ((gap(on) - (gap(off) * on.wallS) / off.wallS) * 1000) / Math.max(samples, 1),
    });
  }
  return result;
}

async function main(): Promise<void> {
  const unavailable = classCostUnavailable();
  if (unavailable) throw new Error(`cannot run: ${unavailable}`);
  console.log(`A = ${builds.A}\nB = ${builds.B}\n${rounds} rounds × (both analysing at ${rate} frame(s)/s, both paused) windows of ${windowS} s`);
  const sides = [await openSide('A', builds.A, rate, 'raut-ab'), await openSide('B', builds.B, rate, 'raut-ab')] as const;
  try {
    if (warmUpS > 0) {
      console.log(`warm-up, not counted: ${warmUpS} s analysing in both`);
      await measure(sides, true, warmUpS);
    }
    const windows: SidesWindow[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const analysing of round % 2 === 0 ? [true, false] : [false, true]) {
        const w = await measure(sides, analysing, windowS);
        windows.push(w);
        console.log(
          `  round ${round + 1} ${analysing ? 'analysing' : 'paused   '} ${w.wallS.toFixed(1)} s: A ${w.cpuS.A.toFixed(2)} s, B ${w.cpuS.B.toFixed(2)} s of CPU; ` +
            `samples A ${w.samples.A}, B ${w.samples.B}`,
        );
      }
    }
    const costs = roundCosts(windows);
    console.log(roundsSummary('B − A, ms of CPU per sample (trees side by side)', costs.map((c) => c.difference), 'ms'));
    for (const name of ['A', 'B'] as const) {
      console.log(roundsSummary(`${name}, ms of CPU per sample (analysing − paused)`, costs.map((c) => c.msPerSample[name]), 'ms'));
      console.log(roundsSummary(`${name}, added CPU at ${rate} frame(s)/s`, costs.map((c) => c.pct[name]), '% of one core'));
    }
    const a = hodgesLehmann(costs.map((c) => c.msPerSample.A));
    console.log(`B − A as a share of A's cost per sample: ${((hodgesLehmann(costs.map((c) => c.difference)) / a) * 100).toFixed(1)} %`);
  } finally {
    for (const side of sides) await side.bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(messageOf(error));
  process.exit(1);
});
