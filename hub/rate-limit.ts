/**
 * A token bucket per key (client address): `perMinute` tokens refill evenly over a minute and
 * at most `perMinute` can be saved up. The map is bounded so a flood of addresses cannot grow
 * memory without end; the oldest entry makes room (it only forgets a limit, never blocks anyone).
 */
export interface RateLimiterOptions {
  perMinute: number;
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    if (!(options.perMinute > 0)) throw new RangeError(`perMinute must be positive, got ${options.perMinute}`);
    this.capacity = options.perMinute;
    this.refillPerMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether `key` has a token left, without taking it. */
  allows(key: string): boolean {
    return this.refill(key).tokens >= 1;
  }

  /** Takes a token; false (and nothing taken) when the bucket is empty. */
  take(key: string): boolean {
    const bucket = this.refill(key);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `key` has a token again (0 when it has one now). */
  retryAfterSeconds(key: string): number {
    const missing = 1 - this.refill(key).tokens;
    return missing <= 0 ? 0 : Math.ceil(missing / this.refillPerMs / 1000);
  }

  private refill(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      bucket = { tokens: this.capacity, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    return bucket;
  }
}
