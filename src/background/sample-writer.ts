/**
 * Writes samples to IndexedDB in batches. A sample waits in memory at most `maxDelayMs` (or until
 * `maxBatch` wait), then everything waiting goes in one transaction: at 1 frame/s a transaction per
 * sample cost the browser ≈ 7.0 ms of CPU per sample, batches of 5 s ≈ 2.0 ms
 * (scripts/bench/idb-batching.ts, docs/performance.md "Twelfth pass"). Whatever reads or ends a session first calls
 * flush(), so it sees every sample analysed so far.
 *
 * The price: a worker the browser kills outright (a crash, the browser quitting mid-class) loses
 * the samples still waiting, at most `maxDelayMs` of them. A worker that merely goes idle does not:
 * the browser stops an idle worker after 30 s, and the wait is shorter.
 */
import { addSamples, type RautDb } from '../shared/storage';
import type { SampleRecord } from '../shared/types';

export interface WriteTiming {
  /** How long the first waiting sample waits before its batch is written; 0: at once. */
  maxDelayMs: number;
  /** A batch this large is written at once. */
  maxBatch: number;
}

/** Five samples a transaction at the default 1 frame/s; a 5 frames/s class fills a batch no faster than that. */
export const BATCHED_WRITES: WriteTiming = { maxDelayMs: 5000, maxBatch: 25 };

interface Pending {
  sample: SampleRecord;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

export class SampleWriter {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> | null = null;
  /** A flush was asked for since the running write took its batch: the write loop goes on. */
  private flushWanted = false;
  /** Sessions this writer has had a sample of: a session's first sample is written at once. */
  private readonly sessionsSeen = new Set<string>();
  /** Number of transactions written, for tests and diagnostics. */
  batches = 0;

  constructor(
    private readonly db: () => Promise<RautDb>,
    private readonly timing: WriteTiming = BATCHED_WRITES,
  ) {}

  /**
   * Queues a sample. Resolves to true once it is stored, to false if discard() dropped it first;
   * rejects, with every other sample of its batch, when their transaction fails. A session's first
   * sample does not wait: a class that has just started is in History with its first frame, and the
   * time from camera on to the first stored sample (the bench's cold start) stays what analysis takes.
   */
  add(sample: SampleRecord): Promise<boolean> {
    const first = !this.sessionsSeen.has(sample.sessionId);
    this.sessionsSeen.add(sample.sessionId);
    return new Promise((resolve, reject) => {
      this.queue.push({ sample, resolve, reject });
      if (first || this.timing.maxDelayMs <= 0 || this.queue.length >= this.timing.maxBatch) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.timing.maxDelayMs);
    });
  }

  /** Writes everything waiting now; resolves once written (or failed: the samples' own add() promises say which). */
  flush(): Promise<void> {
    this.clearTimer();
    if (this.writing) {
      this.flushWanted = true; // its loop takes what waits now, too
      return this.writing;
    }
    if (this.queue.length === 0) return Promise.resolve();
    this.flushWanted = true;
    this.writing = this.writeWaiting();
    return this.writing;
  }

  /** Drops the samples still waiting ("delete all my data": they belong to sessions that are gone). */
  discard(): void {
    this.clearTimer();
    for (const pending of this.queue.splice(0)) pending.resolve(false);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Writes batches while a flush is wanted. A sample queued during a write waits for its own delay
   * (add() started its timer), unless a flush is asked for meanwhile: a class sampled every second
   * would otherwise often add one just as the timer fires, and write it alone. Called with samples waiting, so it always
   * awaits before it ends; `writing` is cleared in the same step as the last look at the queue.
   */
  private async writeWaiting(): Promise<void> {
    while (this.flushWanted && this.queue.length > 0) {
      this.flushWanted = false;
      const batch = this.queue.splice(0);
      this.clearTimer();
      try {
        await addSamples(await this.db(), batch.map((pending) => pending.sample));
        this.batches += 1;
        for (const pending of batch) pending.resolve(true);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushWanted = false;
    this.writing = null;
  }
}
