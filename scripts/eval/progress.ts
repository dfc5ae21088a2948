export interface Progress {
  update(done: number): void;
  finish(): void;
}

const BAR_WIDTH = 30;
const REDRAW_INTERVAL_MS = 100;

/** A one-line progress bar on `stream` (stderr), or nothing when it is not a terminal. */
export function createProgressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total === 0) return { update: () => {}, finish: () => {} };
  const started = performance.now();
  let lastDrawn = 0;
  let latest = 0;
  const draw = (done: number) => {
    const filled = Math.round((BAR_WIDTH * done) / total);
    const rate = done / Math.max((performance.now() - started) / 1000, 1e-3);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${rate.toFixed(0)} img/s\x1b[K`);
  };
  return {
    update(done) {
      latest = done;
      const now = performance.now();
      if (now - lastDrawn < REDRAW_INTERVAL_MS && done < total) return;
      lastDrawn = now;
      draw(done);
    },
    finish() {
      draw(latest);
      stream.write('\n');
    },
  };
}
