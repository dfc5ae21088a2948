/**
 * What writing samples to IndexedDB costs the browser at a class's sampling rate: the background's
 * real SampleWriter (tests/harness/storage-page) in Debian's Chromium, one transaction per sample
 * (as before batching) against its batches (BATCHED_WRITES), with idle windows between, the three
 * rotating round by round; CPU of Chromium's whole process tree (/proc), per sample written. The
 * database is first filled as weeks of classes would fill it, and each way of writing gets an
 * uncounted warm-up window: the first writes to a new database cost several times more.
 *
 *   npx tsx scripts/bench/idb-batching.ts -- [--rounds 3] [--window 30] [--fps 1]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BATCHED_WRITES, type WriteTiming } from '../../src/background/sample-writer.ts';
import { openHarnessPage } from '../harness-page.ts';
import { browserPid, clockTicksPerSecond, snapshot, treeTicksBetween } from './proc.ts';
import { hodgesLehmann } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { rounds: { type: 'string', default: '3' }, window: { type: 'string', default: '30' }, fps: { type: 'string', default: '1' } },
});
const rounds = Number(values.rounds);
const windowS = Number(values.window);
const fps = Number(values.fps);
if (![rounds, windowS, fps].every((n) => Number.isFinite(n) && n > 0)) throw new Error('--rounds, --window and --fps take positive numbers');

const CONDITIONS: { name: string; timing: WriteTiming | null }[] = [
  { name: 'one transaction per sample', timing: { maxDelayMs: 0, maxBatch: 1 } },
  { name: `batched (${BATCHED_WRITES.maxDelayMs / 1000} s)`, timing: BATCHED_WRITES },
  { name: 'idle', timing: null },
];

/** About two weeks of 45-minute classes, five a week, at 1 frame/s. */
const PREFILL = 27_000;
const ticksPerSecond = clockTicksPerSecond();
const harness = await openHarnessPage({ root: join(ROOT, 'tests/harness/storage-page'), readyFlag: 'harnessReady' });
try {
  const browserRoot = browserPid(harness.userDataDir);
  const count = Math.round(windowS * fps);
  type StoragePage = { raut: { prefill(n: number): Promise<void>; writeAtRate(t: WriteTiming, n: number, ms: number): Promise<number> } };
  const writeAtRate = (timing: WriteTiming, samples: number) =>
    harness.page.evaluate(([t, n, ms]) => (window as unknown as StoragePage).raut.writeAtRate(t, n, ms), [timing, samples, 1000 / fps] as const);
  console.log(`filling the database with ${PREFILL} samples (two weeks of classes), then a warm-up window of each way of writing`);
  await harness.page.evaluate((n) => (window as unknown as StoragePage).raut.prefill(n), PREFILL);
  for (const { timing } of CONDITIONS) if (timing) await writeAtRate(timing, count);
  const cpuMs = new Map<string, number[]>(CONDITIONS.map(({ name }) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < CONDITIONS.length; k++) {
      const { name, timing } = CONDITIONS[(k + round) % CONDITIONS.length]!;
      const before = snapshot();
      const started = Date.now();
      let batches = 0;
      if (timing) {
        batches = await writeAtRate(timing, count);
      } else {
        await new Promise((done) => setTimeout(done, count * (1000 / fps)));
      }
      const wallS = (Date.now() - started) / 1000;
      const cpu = (treeTicksBetween(before, snapshot(), browserRoot) / ticksPerSecond) * 1000;
      cpuMs.get(name)!.push(cpu / wallS); // ms of CPU per second of class
      console.log(`round ${round + 1}  ${name.padEnd(28)} ${(cpu / wallS / 10).toFixed(2)} % of a core${timing ? `, ${count} samples in ${batches} transactions` : ''}`);
    }
  }
  const idle = cpuMs.get('idle')!;
  for (const { name, timing } of CONDITIONS) {
    if (!timing) continue;
    const perRound = cpuMs.get(name)!.map((ms, round) => (ms - idle[round]!) / fps);
    console.log(`${name}: ${hodgesLehmann(perRound).toFixed(2)} ms of CPU per sample above idle (rounds: ${perRound.map((ms) => ms.toFixed(2)).join(', ')})`);
  }
} finally {
  await harness.close();
}
