import { describe, expect, it } from 'vitest';
import { contentScriptTab, framePortListener, type FrameDesk, type IncomingPort } from '../../src/shared/frame-desk';
import type { RawFrame } from '../../src/shared/frame';
import { FRAME_PORT, type AnalyseReply, type ClassInfo, type FrameOptions } from '../../src/shared/messages';
import type { EngineStatus, FrameAnalysis } from '../../src/shared/types';
import { FakePort } from '../helpers/fake-port';

const EXTENSION = { id: 'raut-id', url: 'chrome-extension://raut-id/' };
const CONTENT_SCRIPT = { id: 'raut-id', url: 'https://meet.google.com/abc', tab: { id: 42 } };
const info: ClassInfo = { platform: 'meet', title: 'Maths 7B', url: 'https://meet.google.com/abc' };
const OPTIONS: FrameOptions = { backend: 'wasm', attentionOnly: false, calibration: null };
const ENGINE: EngineStatus = { state: 'ready', backend: 'wasm', detector: 'CPU', message: null, modelId: 'human-emotion' };
const ANALYSIS = { faceFound: true } as FrameAnalysis;

function frame(time = 1_700_000_000_000): RawFrame {
  return { width: 32, height: 24, data: new ArrayBuffer(32 * 24 * 4), time } as RawFrame;
}

/** A runtime port as onConnect hands it over: a FakePort with a name, a sender and disconnect(). */
function incoming(name: string, sender: IncomingPort['sender']): FakePort & IncomingPort {
  return Object.assign(new FakePort(), { name, sender, disconnect() {} });
}

/** A desk that records the order of its calls; `admit` says whether frames are analysed. */
function recordingDesk(analyse: boolean, analyseReply: AnalyseReply = { ok: true, analysis: ANALYSIS, engine: ENGINE }) {
  const calls: string[] = [];
  const desk: FrameDesk = {
    async admit(tabId, classInfo) {
      calls.push(`admit ${tabId} ${classInfo.platform}`);
      return analyse ? { analyse: true, options: OPTIONS } : { analyse: false };
    },
    async analyse(raw, options) {
      calls.push(`analyse ${raw.width}x${raw.height} ${options.backend}`);
      return analyseReply;
    },
    async record(tabId, _info, time, reply) {
      calls.push(`record ${tabId} ${time} ${reply.ok}`);
      return reply.ok ? { ok: true, stored: true, analysis: reply.analysis } : { ok: false, error: reply.error };
    },
  };
  return { desk, calls };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('contentScriptTab', () => {
  it('is the tab of a content script of this extension, and nothing else', () => {
    expect(contentScriptTab(CONTENT_SCRIPT, EXTENSION.id, EXTENSION.url)).toBe(42);
    expect(contentScriptTab({ ...CONTENT_SCRIPT, id: 'other-extension' }, EXTENSION.id, EXTENSION.url)).toBeUndefined();
    // The popup opened in a tab carries a tab too, but an extension URL.
    expect(contentScriptTab({ ...CONTENT_SCRIPT, url: `${EXTENSION.url}src/popup/popup.html` }, EXTENSION.id, EXTENSION.url)).toBeUndefined();
    expect(contentScriptTab({ id: EXTENSION.id, url: `${EXTENSION.url}src/offscreen/offscreen.html` }, EXTENSION.id, EXTENSION.url)).toBeUndefined();
    expect(contentScriptTab(undefined, EXTENSION.id, EXTENSION.url)).toBeUndefined();
  });
});

describe('framePortListener', () => {
  it('asks the worker, analyses, has it stored, and answers the content script, in that order', async () => {
    const { desk, calls } = recordingDesk(true);
    const port = incoming(FRAME_PORT, CONTENT_SCRIPT);
    framePortListener(desk, EXTENSION, () => undefined)(port);
    port.deliver({ id: 3, request: { type: 'frame', frame: frame(1234), info } });
    await flush();
    expect(calls).toEqual(['admit 42 meet', 'analyse 32x24 wasm', 'record 42 1234 true']);
    expect(port.posted).toEqual([{ id: 3, reply: { ok: true, stored: true, analysis: ANALYSIS } }]);
  });

  it('skips the engine when the worker does not admit the frame (paused, platform off)', async () => {
    const { desk, calls } = recordingDesk(false);
    const port = incoming(FRAME_PORT, CONTENT_SCRIPT);
    framePortListener(desk, EXTENSION, () => undefined)(port);
    port.deliver({ id: 0, request: { type: 'frame', frame: frame(), info } });
    await flush();
    expect(calls).toEqual(['admit 42 meet']);
    expect(port.posted).toEqual([{ id: 0, reply: { ok: true, stored: false, analysis: null } }]);
  });

  it("hands the engine's failure to the worker, and a desk that throws to the tab as an error", async () => {
    const failing = recordingDesk(true, { ok: false, error: 'model could not be loaded', engine: { ...ENGINE, state: 'error' } });
    const port = incoming(FRAME_PORT, CONTENT_SCRIPT);
    framePortListener(failing.desk, EXTENSION, () => undefined)(port);
    port.deliver({ id: 1, request: { type: 'frame', frame: frame(5), info } });
    await flush();
    expect(failing.calls.at(-1)).toBe('record 42 5 false');
    expect(port.posted).toEqual([{ id: 1, reply: { ok: false, error: 'model could not be loaded' } }]);

    const unreachable: FrameDesk = { ...failing.desk, admit: () => Promise.reject(new Error('the worker did not answer')) };
    const second = incoming(FRAME_PORT, CONTENT_SCRIPT);
    framePortListener(unreachable, EXTENSION, () => undefined)(second);
    second.deliver({ id: 2, request: { type: 'frame', frame: frame(), info } });
    await flush();
    expect(second.posted).toEqual([{ id: 2, reply: { ok: false, error: 'the worker did not answer' } }]);
  });

  it('drops a malformed frame request, answering undefined so the tab does not wait', async () => {
    const { desk, calls } = recordingDesk(true);
    const drops: string[] = [];
    const port = incoming(FRAME_PORT, CONTENT_SCRIPT);
    framePortListener(desk, EXTENSION, (channel) => drops.push(channel))(port);
    port.deliver({ id: 4, request: { type: 'frame', frame: { width: 8 }, info } });
    await flush();
    expect(calls).toEqual([]);
    expect(drops).toEqual(['content→engine host']);
    expect(port.posted).toEqual([{ id: 4, reply: undefined }]);
  });

  it('closes ports that are not a content script’s frame port', () => {
    const { desk } = recordingDesk(true);
    const drops: string[] = [];
    const listen = framePortListener(desk, EXTENSION, (channel) => drops.push(channel));
    for (const port of [incoming('raut-other', CONTENT_SCRIPT), incoming(FRAME_PORT, { id: EXTENSION.id, url: `${EXTENSION.url}src/popup/popup.html` })]) {
      let closed = false;
      port.disconnect = () => {
        closed = true;
      };
      listen(port);
      expect(closed).toBe(true);
    }
    expect(drops).toEqual(['port→engine host', 'port→engine host']);
  });
});
