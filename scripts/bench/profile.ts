/**
 * Where the analysing contexts spend their JavaScript time while a class runs: V8's sampling
 * profiler (CDP `Profiler`) on the offscreen document, the service worker and the class page, for
 * one window at a chosen sampling rate, with the same demo class, fake face camera and built
 * extension as part 2 of the bench. Prints, per context, the functions with the most self time and
 * the per-frame total, so a change to the frame path can be aimed at what costs.
 *
 *   npx vite build && npx tsx scripts/bench/profile.ts -- --fps 1 --window 60 [--top 25]
 */
import { parseArgs } from 'node:util';
import { joinBenchClass, launchBenchClass } from './bench-class.ts';
import { classCostUnavailable } from './class-cost.ts';
import { isOffscreenDocument, TargetSession } from './target-session.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const SAMPLING_INTERVAL_US = 200;

function shortUrl(url: string): string {
  if (!url) return '(native)';
  return url.replace(/^chrome-extension:\/\/[a-p]{32}\//, '').replace(/^https?:\/\/[^/]+\//, '');
}

/** Self time per function (ms), from the profile's samples. */
function selfTimes(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return times;
}

function report(name: string, profile: Profile, frames: number, top: number): void {
  const times = selfTimes(profile);
  const isIdle = (key: string) => key.startsWith('(idle)');
  let busy = 0;
  for (const [key, ms] of times) if (!isIdle(key)) busy += ms;
  console.log(`\n${name}: ${busy.toFixed(0)} ms of samples not idle over ${frames} frames = ${(busy / Math.max(frames, 1)).toFixed(1)} ms per frame`);
  for (const [key, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    if (isIdle(key)) continue;
    console.log(`  ${(ms / Math.max(frames, 1)).toFixed(2).padStart(7)} ms/frame  ${key}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { fps: { type: 'string', default: '1' }, window: { type: 'string', default: '60' }, top: { type: 'string', default: '25' } },
  });
  const fps = Number(values.fps);
  const windowS = Number(values.window);
  const top = Number(values.top);
  const unavailable = classCostUnavailable();
  if (unavailable) throw new Error(unavailable);

  const benchClass = await launchBenchClass('raut-profile-extension-');
  const { browser } = benchClass;
  try {
    const { classPage } = await joinBenchClass(benchClass, { paused: false, samplesPerSecond: fps, backendPreference: 'wasm' });
    console.error('waiting 20 s for the engine to load and settle…');
    await new Promise((resolve) => setTimeout(resolve, 20_000));

    const cdp = await browser.context.newCDPSession(classPage);
    const sessions = {
      'offscreen document': await TargetSession.attach(cdp, isOffscreenDocument, 'offscreen document'),
      'service worker': await TargetSession.attach(cdp, (type) => type === 'service_worker', 'service worker'),
    };
    const pageSession = cdp;
    for (const session of Object.values(sessions)) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    }
    await pageSession.send('Profiler.enable');
    await pageSession.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    for (const session of Object.values(sessions)) await session.send('Profiler.start');
    await pageSession.send('Profiler.start');
    console.error(`profiling ${windowS} s at ${fps} frame(s)/s…`);
    await new Promise((resolve) => setTimeout(resolve, windowS * 1000));
    const frames = Math.round(windowS * fps);
    for (const [name, session] of Object.entries(sessions)) {
      const { profile } = await session.send<{ profile: Profile }>('Profiler.stop');
      report(name, profile, frames, top);
    }
    const { profile } = (await pageSession.send('Profiler.stop')) as unknown as { profile: Profile };
    report('class page (hook + content script + the page itself)', profile, frames, top);
  } finally {
    await benchClass.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
