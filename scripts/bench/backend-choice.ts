/**
 * What the default backend preference ("auto") costs the class next to WebAssembly on this machine,
 * in one class and one browser: windows with Raut on "auto", on "wasm" and paused, in rotation, each
 * after a settling time, reading the CPU of Chromium's whole process tree. It prints each window with
 * the backend and detector delegate the engine ran on, then the mean per condition and the added CPU
 * (condition − paused). On a machine without a GPU, "auto" once took TensorFlow.js's WebGL on
 * SwiftShader; docs/performance.md, "Eleventh pass", has that before and after.
 *
 *   npx vite build && npx tsx scripts/bench/backend-choice.ts [-- --rounds 2 --window 30]
 */
import { parseArgs } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { joinBenchClass, launchBenchClass } from './bench-class.ts';
import { applySettings, classCostUnavailable, engineStatusIn, SETTLE_MS, sleep } from './class-cost.ts';
import { browserPid, clockTicksPerSecond, percentOfOneCore, snapshot, treeTicksBetween } from './proc.ts';

const CONDITIONS = ['auto', 'wasm', 'paused'] as const;
type Condition = (typeof CONDITIONS)[number];

function readOptions(): { rounds: number; windowS: number } {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, window: { type: 'string', default: '30' } } });
  const rounds = Number(values.rounds);
  const windowS = Number(values.window);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
  if (!Number.isFinite(windowS) || windowS < 5) throw new Error(`--window must be at least 5 seconds, got ${values.window}`);
  return { rounds, windowS };
}

async function engineIn(context: BrowserContext, id: string): Promise<string> {
  const engine = await engineStatusIn(context, id);
  return `${engine.backend ?? 'none'}, detector ${engine.detector ?? 'none'}`;
}

async function main(): Promise<void> {
  const { rounds, windowS } = readOptions();
  const unavailable = classCostUnavailable();
  if (unavailable) throw new Error(`cannot run: ${unavailable}`);
  const benchClass = await launchBenchClass('raut-backend-choice-');
  const { browser } = benchClass;
  try {
    const { id } = await joinBenchClass(benchClass, { paused: false, samplesPerSecond: 1, backendPreference: 'auto' });
    const root = browserPid(browser.userDataDir);
    const ticksPerSecond = clockTicksPerSecond();
    const readings = new Map<Condition, number[]>(CONDITIONS.map((condition) => [condition, []]));
    for (let round = 0; round < rounds; round++) {
      for (const condition of CONDITIONS) {
        await applySettings(browser.context, id, condition === 'paused' ? { paused: true } : { paused: false, backendPreference: condition });
        await sleep(SETTLE_MS);
        const before = snapshot();
        const started = Date.now();
        await sleep(windowS * 1000);
        const after = snapshot();
        const pct = percentOfOneCore(treeTicksBetween(before, after, root) / ticksPerSecond, (Date.now() - started) / 1000);
        readings.get(condition)!.push(pct);
        const ranOn = condition === 'paused' ? 'paused' : await engineIn(browser.context, id);
        console.error(`round ${round + 1}, ${condition.padEnd(6)} ${pct.toFixed(1).padStart(5)} % of one core (${ranOn})`);
      }
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const paused = mean(readings.get('paused')!);
    for (const condition of ['auto', 'wasm'] as const) {
      const value = mean(readings.get(condition)!);
      console.log(`${condition}: ${value.toFixed(1)} % of one core, added ${(value - paused).toFixed(1)} % over paused (${paused.toFixed(1)} %), at 1 frame/s`);
    }
  } finally {
    await benchClass.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
