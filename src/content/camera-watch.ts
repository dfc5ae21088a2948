/**
 * Knows the class's own camera track and its state. A track counts as the camera when it is a
 * video track that came from getUserMedia (screen shares come from getDisplayMedia and are never
 * seen here) and it is the newest such track.
 */
import type { CameraState } from '../shared/messages';

export type CameraListener = (state: CameraState, detail: string) => void;

export function cameraStateOf(track: MediaStreamTrack | null): CameraState {
  if (!track || track.readyState === 'ended') return 'ended';
  if (!track.enabled || track.muted) return 'off';
  return 'live';
}

export class CameraWatch {
  private track: MediaStreamTrack | null = null;
  private lastState: CameraState | null = null;

  constructor(private readonly onChange: CameraListener) {}

  get current(): MediaStreamTrack | null {
    return this.track;
  }

  adopt(stream: MediaStream): void {
    const video = stream.getVideoTracks().find((track) => track.readyState === 'live');
    if (!video) return;
    this.track = video;
    for (const event of ['ended', 'mute', 'unmute'] as const) video.addEventListener(event, () => this.check());
    this.check();
  }

  report(state: CameraState, detail: string): void {
    this.lastState = state;
    this.onChange(state, detail);
  }

  /** Re-reads the state; `enabled` has no event, so the sampler calls this on every tick too. */
  check(): CameraState {
    const state = cameraStateOf(this.track);
    if (state !== this.lastState) {
      const label = this.track?.label ?? '';
      this.report(state, state === 'live' ? label : `camera ${state}`);
    }
    return state;
  }
}
