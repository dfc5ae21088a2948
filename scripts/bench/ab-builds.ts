/**
 * Two builds of the extension side by side: what a change to the frame path costs or saves per
 * sample, measured in one run. The class bench (class-cost.ts) compares analysing with paused in one
 * build; a change worth a few ms a sample is lost in its noise between two runs.
 *
 * Two Debian Chromiums run at once, each with its own build, demo class and fake face camera. Each
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
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extensionWorker } from '../../tests/helpers/extension.ts';
import { launchBenchClass, joinBenchClass, type BenchClass } from './bench-class.ts';
import { applySettings, classCostUnavailable, countSamples, inExtensionPage, SETTLE_MS, sleep } from './class-cost.ts';
import { browserPid, clockTicksPerSecond, snapshot, treeTicksBetween } from './proc.ts';
import { hodgesLehmann, hodgesLehmannInterval95 } from './stats.ts';

interface Side {
  name: 'A' | 'B';
  build: string;
  bench: BenchClass;
  id: string;
  root: number;
}

interface Window {
  analysing: boolean;
  /** CPU seconds of each browser's tree in the window. */
  cpuS: Record<Side['name'], number>;
  wallS: number;
  /** Samples each build captured in the window. */
  samples: Record<Side['name'], number>;
}

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

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} takes a positive number, not ${JSON.stringify(text)}`);
  return value;
}

function buildDir(name: string, path: string | undefined): string {
  if (!path) throw new Error(`--${name} names a built extension folder (e.g. a copy of dist/chrome)`);
  const dir = resolve(path);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`--${name}: no built extension in ${dir}`);
  return dir;
}

const rate = positive('rate', values.rate);
const rounds = positive('rounds', values.rounds);
const windowS = positive('window', values.window);
const warmUpS = Number(values['warm-up']);
const builds = { A: buildDir('a', values.a), B: buildDir('b', values.b) };
const ticks = clockTicksPerSecond();

async function open(name: Side['name']): Promise<Side> {
  const bench = await launchBenchClass(`raut-ab-${name}-`, [], 'none', builds[name]);
  try {
    const { id } = await joinBenchClass(bench, { paused: true, samplesPerSecond: rate });
    return { name, build: builds[name], bench, id, root: browserPid(bench.browser.userDataDir) };
  } catch (error) {
    await bench.close();
    throw error;
  }
}

function setPaused(side: Side, paused: boolean): Promise<void> {
  return applySettings(side.bench.browser.context, side.id, { paused, samplesPerSecond: rate });
}

async function measure(sides: readonly [Side, Side], analysing: boolean, seconds: number): Promise<Window> {
  for (const side of sides) await setPaused(side, !analysing);
  await sleep(SETTLE_MS);
  const before = snapshot();
  const startedAt = Date.now();
  const start = performance.now();
  await sleep(seconds * 1000);
  const after = snapshot();
  const wallS = (performance.now() - start) / 1000;
  const endedAt = Date.now();
  const cpuS = {} as Record<Side['name'], number>;
  const samples = {} as Record<Side['name'], number>;
  for (const side of sides) {
    cpuS[side.name] = treeTicksBetween(before, after, side.root) / ticks;
    samples[side.name] = await inExtensionPage(side.bench.browser.context, side.id, (page) => page.evaluate(countSamples, { from: startedAt, to: endedAt }));
  }
  return { analysing, cpuS, wallS, samples };
}

interface RoundCost {
  /** Each build's ms of CPU per sample above its paused window, and its added % of one core. */
  msPerSample: Record<Side['name'], number>;
  pct: Record<Side['name'], number>;
  /** B − A in ms per sample, from the trees measured side by side in each window. */
  difference: number;
}

/** Per round: the windows' CPU as a share of their wall time, analysing − paused, per build and between them. */
function roundCosts(windows: readonly Window[]): RoundCost[] {
  const result: RoundCost[] = [];
  for (let i = 0; i + 1 < windows.length; i += 2) {
    const on = [windows[i]!, windows[i + 1]!].find((w) => w.analysing)!;
    const off = [windows[i]!, windows[i + 1]!].find((w) => !w.analysing)!;
    const addedS = (name: Side['name']) => on.cpuS[name] - (off.cpuS[name] * on.wallS) / off.wallS;
    const perSample = (name: Side['name']) => (addedS(name) * 1000) / Math.max(on.samples[name], 1);
    const samples = (on.samples.A + on.samples.B) / 2;
    const gap = (w: Window) => w.cpuS.B - w.cpuS.A;
    result.push({
      msPerSample: { A: perSample('A'), B: perSample('B') },
      pct: { A: (addedS('A') / on.wallS) * 100, B: (addedS('B') / on.wallS) * 100 },
      difference: ((gap(on) - (gap(off) * on.wallS) / off.wallS) * 1000) / Math.max(samples, 1),
    });
  }
  return result;
}

function summary(label: string, values: readonly number[], unit: string): string {
  const interval = hodgesLehmannInterval95(values);
  const range = interval ? ` (95 % interval ${interval[0].toFixed(2)} to ${interval[1].toFixed(2)})` : ' (no 95 % interval under six rounds)';
  return `${label}: ${hodgesLehmann(values).toFixed(2)} ${unit}${range}; rounds ${values.map((v) => v.toFixed(1)).join(', ')}`;
}

async function main(): Promise<void> {
  const unavailable = classCostUnavailable();
  if (unavailable) throw new Error(`cannot run: ${unavailable}`);
  console.log(`A = ${builds.A}\nB = ${builds.B}\n${rounds} rounds × (both analysing at ${rate} frame(s)/s, both paused) windows of ${windowS} s`);
  const sides = [await open('A'), await open('B')] as const;
  try {
    for (const side of sides) await extensionWorker(side.bench.browser.context); // both workers up before any window
    if (warmUpS > 0) {
      console.log(`warm-up, not counted: ${warmUpS} s analysing in both`);
      await measure(sides, true, warmUpS);
    }
    const windows: Window[] = [];
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
    console.log(summary('B − A, ms of CPU per sample (trees side by side)', costs.map((c) => c.difference), 'ms'));
    for (const name of ['A', 'B'] as const) {
      console.log(summary(`${name}, ms of CPU per sample (analysing − paused)`, costs.map((c) => c.msPerSample[name]), 'ms'));
      console.log(summary(`${name}, added CPU at ${rate} frame(s)/s`, costs.map((c) => c.pct[name]), '% of one core'));
    }
    const a = hodgesLehmann(costs.map((c) => c.msPerSample.A));
    console.log(`B − A as a share of A's cost per sample: ${((hodgesLehmann(costs.map((c) => c.difference)) / a) * 100).toFixed(1)} %`);
  } finally {
    for (const side of sides) await side.bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
