/**
 * Where the CPU goes while a class runs, by Chromium's own trace: the bench's class (demo page, fake
 * face camera, built extension), a warm-up at 5 frames/s, then one traced window at the chosen rate.
 * Prints each process's threads' CPU per analysed frame and, for the extension's renderer, the full
 * GCs and the JIT's compiles in the window (summariseTrace). profile.ts gives JS self time per
 * function; this shows what it cannot: V8's background threads, the browser's and the GPU's.
 *
 *   npx vite build && npx tsx scripts/bench/trace.ts -- --fps 1 --window 60 --warm-up 60 [--out /tmp/trace.json]
 *
 * The trace file opens in chrome://tracing or ui.perfetto.dev.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession } from 'playwright-core';
import { waitFor } from '../../tests/helpers/extension.ts';
import { joinBenchClass, launchBenchClass } from './bench-class.ts';
import { applySettings, classCostUnavailable, SETTLE_MS, sleep } from './class-cost.ts';
import { summariseTrace, type TraceEvent } from './trace-summary.ts';

const CATEGORIES = ['toplevel', 'v8', 'disabled-by-default-v8.gc', 'disabled-by-default-v8.compile', 'blink', 'gpu', 'mojom', 'media', '__metadata'];

/** The port Chromium chose for --remote-debugging-port=0 (first line of DevToolsActivePort in its profile). */
async function debuggingPort(userDataDir: string): Promise<number> {
  const file = join(userDataDir, 'DevToolsActivePort');
  const read = () => {
    try {
      return Number(readFileSync(file, 'utf8').split('\n')[0]);
    } catch {
      return 0;
    }
  };
  return waitFor(async () => read(), (port) => port > 0, 10_000, 'Chromium to write DevToolsActivePort');
}

async function record(cdp: CDPSession, seconds: number): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  await sleep(seconds * 1000);
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      fps: { type: 'string', default: '1' },
      window: { type: 'string', default: '60' },
      'warm-up': { type: 'string', default: '60' },
      out: { type: 'string' },
    },
  });
  const fps = Number(values.fps);
  const windowS = Number(values.window);
  const warmUpS = Number(values['warm-up']);
  const unavailable = classCostUnavailable();
  if (unavailable) throw new Error(unavailable);

  const benchClass = await launchBenchClass('raut-trace-extension-', ['--remote-debugging-port=0']);
  const { browser } = benchClass;
  try {
    const { id } = await joinBenchClass(benchClass, { paused: false, samplesPerSecond: 5, backendPreference: 'wasm' });
    console.error(`warm-up: ${warmUpS} s at 5 frames/s…`);
    await sleep(warmUpS * 1000);
    await applySettings(browser.context, id, { samplesPerSecond: fps });
    await sleep(SETTLE_MS); // as long as the class bench waits before its windows

    const remote = await chromium.connectOverCDP(`http://127.0.0.1:${await debuggingPort(browser.userDataDir)}`);
    const cdp = await remote.newBrowserCDPSession();
    console.error(`tracing ${windowS} s at ${fps} frame(s)/s…`);
    const events = await record(cdp, windowS);
    await cdp.detach();
    if (values.out) writeFileSync(values.out, JSON.stringify({ traceEvents: events }));

    const frames = Math.max(1, Math.round(windowS * fps));
    const { threads, extension } = summariseTrace(events);
    console.log(`CPU per analysed frame (${frames} frames), by process / thread:`);
    for (const { process, thread, cpuMs } of threads.filter((t) => t.cpuMs / frames >= 0.2)) {
      console.log(`  ${(cpuMs / frames).toFixed(2).padStart(7)} ms  ${process} / ${thread}`);
    }
    console.log(
      `extension renderer in the window: ${extension.majorGcs} full GCs, ${extension.minorGcs} minor GCs (offscreen document), ` +
        `${extension.maglevCompiles} Maglev and ${extension.turbofanCompiles} Turbofan compiles, wasm compiling ${extension.wasmCompileMs.toFixed(0)} ms`,
    );
  } finally {
    await benchClass.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
