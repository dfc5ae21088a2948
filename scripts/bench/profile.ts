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
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { EXTENSION_DIR, launchChromium } from '../../tests/helpers/chromium.ts';
import { extensionWorker, prepareExtension } from '../../tests/helpers/extension.ts';
import { startDemoServer } from '../demo-server.ts';
import { faceClip } from '../face-clips.ts';
import { classCostUnavailable } from './class-cost.ts';

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

/** A CDP session to another target, through a page's session (the offscreen document and worker have no Page of their own). */
class TargetSession {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: { result?: unknown; error?: { message: string } }) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id !== undefined) this.pending.get(message.id)?.(message);
    });
  }

  static async attach(cdp: CDPSession, match: (type: string, url: string) => boolean, what: string): Promise<TargetSession> {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => match(t.type, t.url));
    if (!target) throw new Error(`no ${what} target among ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    return new TargetSession(cdp, sessionId);
  }

  async send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    const reply = new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => this.pending.set(id, resolve));
    await this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) });
    const answer = await reply;
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  }
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
  const idle = ['(idle)', '(program)', '(garbage collector)'];
  let busy = 0;
  for (const [key, ms] of times) if (!key.startsWith('(idle)')) busy += ms;
  console.log(`\n${name}: ${busy.toFixed(0)} ms of samples not idle over ${frames} frames = ${(busy / Math.max(frames, 1)).toFixed(1)} ms per frame`);
  for (const [key, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    if (idle.some((label) => key.startsWith(label)) && key.startsWith('(idle)')) continue;
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

  const extensionDir = mkdtempSync(join(tmpdir(), 'raut-profile-extension-'));
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  const demo = await startDemoServer();
  const browser = await launchChromium({ extensionDir, fakeVideo: faceClip() });
  try {
    const worker = await extensionWorker(browser.context);
    await prepareExtension(worker, { paused: false, samplesPerSecond: fps, backendPreference: 'wasm' });
    const classPage = await browser.context.newPage();
    await classPage.goto(`${demo.url}?autojoin`);
    console.error('waiting 20 s for the engine to load and settle…');
    await new Promise((resolve) => setTimeout(resolve, 20_000));

    const cdp = await browser.context.newCDPSession(classPage);
    const sessions = {
      'offscreen document': await TargetSession.attach(cdp, (type, url) => type === 'background_page' && url.includes('/src/offscreen/offscreen.html'), 'offscreen document'),
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
    await browser.close();
    await demo.close();
    rmSync(extensionDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
