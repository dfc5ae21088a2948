/**
 * How long the eyes have been closed, across the frames of one camera: one closed frame at 1 frame/s
 * is mostly a blink caught mid-way, so attention only drops once the closure lasts
 * (ATTENTION_THRESHOLDS.minClosedMs).
 */
/** A gap this long between frames (camera off, paused) starts over. */
const MAX_GAP_MS = 5_000;

export class EyeClosure {
  private closedSince: number | null = null;
  private lastTime = -Infinity;

  /** `eyesOpen` null: not measured this frame. Returns ms the eyes have been closed up to `time`. */
  update(time: number, eyesOpen: boolean | null): number {
    const gap = time - this.lastTime;
    this.lastTime = time;
    if (eyesOpen !== false || gap > MAX_GAP_MS || gap < 0) {
      this.closedSince = eyesOpen === false ? time : null;
      return 0;
    }
    this.closedSince ??= time;
    return time - this.closedSince;
  }
}
