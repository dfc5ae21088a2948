/**
 * MAIN-world hook, injected at document_start into class pages.
 * Wraps navigator.mediaDevices.getUserMedia so Raut sees the camera track the class itself opened
 * (no second camera prompt), and samples it at the rate the content script asks for, only while that
 * track is live and enabled. Frames go to the isolated content script on a MessageChannel of their own
 * (see HookToContent); nothing is stored here.
 */
import { CameraWatch } from './camera-watch';
import { createFrameSource, type FrameSource } from './frame-source';
import { messageOf } from '../shared/error-message';
import { HOOK_SOURCE, isContentToHook, type CameraState, type HookToContent } from '../shared/messages';

const MARK = '__rautHookInstalled';

function post(message: HookToContent, transfer: Transferable[] = []): void {
  window.postMessage(message, location.origin, transfer);
}

function postCamera(state: CameraState, detail: string): void {
  post({ source: HOOK_SOURCE, type: 'camera', state, detail });
}

class Sampler {
  /** The frames' own channel to the content script; a new one with every configuration, which only a live content script sends. */
  private framePort: MessagePort | null = null;
  private samplesPerSecond = 0;
  private frameWidth = 320;
  private source: FrameSource | null = null;
  private sourceTrack: MediaStreamTrack | null = null;
  /** The sampling rate the source's clone was limited for: a new rate takes a new clone. */
  private sourceRate = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;

  constructor(private readonly camera: CameraWatch) {}

  configure(samplesPerSecond: number, frameWidth: number): void {
    this.openFramePort();
    this.samplesPerSecond = samplesPerSecond;
    this.frameWidth = frameWidth;
    this.schedule(0);
  }

  private openFramePort(): void {
    this.framePort?.close();
    const channel = new MessageChannel();
    this.framePort = channel.port1;
    post({ source: HOOK_SOURCE, type: 'frame-port' }, [channel.port2]);
  }

  /** Called when the camera may have changed, so a new track is picked up at once. */
  poke(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.samplesPerSecond <= 0) {
      this.release();
      return;
    }
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const started = performance.now();
    const state = this.camera.check();
    if (state === 'live' && !this.busy) {
      this.busy = true;
      try {
        await this.sampleOnce();
      } catch (error) {
        postCamera('error', messageOf(error));
      } finally {
        this.busy = false;
      }
    } else if (state !== 'live') {
      this.release();
    }
    const period = 1000 / Math.max(this.samplesPerSecond, 0.01);
    this.schedule(Math.max(0, period - (performance.now() - started)));
  }

  private async sampleOnce(): Promise<void> {
    const track = this.camera.current;
    if (!track) return;
    if (this.sourceTrack !== track || this.sourceRate !== this.samplesPerSecond) {
      this.release();
      this.source = createFrameSource(track, this.samplesPerSecond);
      this.sourceTrack = track;
      this.sourceRate = this.samplesPerSecond;
    }
    const frame = await this.source?.grab(this.frameWidth);
    if (frame) {
      const message: HookToContent = { source: HOOK_SOURCE, type: 'frame', frame };
      this.framePort?.postMessage(message, [frame.data]);
    }
  }

  private release(): void {
    this.source?.stop();
    this.source = null;
    this.sourceTrack = null;
  }
}

function install(): void {
  const page = window as unknown as Record<string, unknown>;
  const mediaDevices = navigator.mediaDevices;
  if (page[MARK] || !mediaDevices?.getUserMedia) return;
  page[MARK] = true;

  const camera = new CameraWatch(postCamera);
  const sampler = new Sampler(camera);
  const originalGetUserMedia = mediaDevices.getUserMedia.bind(mediaDevices);

  mediaDevices.getUserMedia = async function getUserMedia(constraints?: MediaStreamConstraints) {
    const wantsVideo = Boolean(constraints?.video);
    try {
      const stream = await originalGetUserMedia(constraints);
      if (wantsVideo) {
        camera.adopt(stream);
        sampler.poke();
      }
      return stream;
    } catch (error) {
      if (wantsVideo) {
        const name = error instanceof DOMException ? error.name : 'Error';
        const denied = name === 'NotAllowedError' || name === 'SecurityError';
        const missing = name === 'NotFoundError' || name === 'OverconstrainedError';
        postCamera(denied ? 'denied' : 'error', missing ? 'no camera found' : `${name}: ${String(error)}`);
      }
      throw error;
    }
  };

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window || !isContentToHook(event.data)) return;
    sampler.configure(event.data.samplesPerSecond, event.data.frameWidth);
  });
}

install();
