/**
 * Writes samples to IndexedDB in batches (group commit): while one transaction is running, new
 * samples wait and go together in the next. A caller's promise resolves only once its sample is
 * durably stored, so the content script knows a frame was kept before it moves on; a worker that
 * is stopped mid-write loses nothing that was acknowledged.
 */
import { addSamples, type RautDb } from '../shared/storage';
import type { SampleRecord } from '../shared/types';

interface Pending {
  sample: SampleRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SampleWriter {
  private queue: Pending[] = [];
  private flushing = false;
  /** Number of transactions written, for tests and diagnostics. */
  batches = 0;

  constructor(private readonly db: () => Promise<RautDb>) {}

  add(sample: SampleRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ sample, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await addSamples(await this.db(), batch.map((pending) => pending.sample));
          this.batches += 1;
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
