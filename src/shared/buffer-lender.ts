/**
 * Large scratch buffers that a per-frame step borrows and gives back, so it does not allocate them
 * anew for every frame.
 *
 * Why it matters more than the allocation itself: ArrayBuffers count toward V8's limit for a full
 * garbage collection, and in the offscreen document that limit sat only ≈ 10 % above what is live
 * (≈ 57 MB, the models' wasm memories included). Allocating ≈ 0.5 MB a frame brought a full GC every
 * ≈ 18 frames, and after each one V8 compiled again the optimized code of functions it had dropped
 * (docs/performance.md, "Eighth pass").
 *
 * A borrowed buffer is the borrower's alone until it is given back: two frames analysed at the same
 * time (two class tabs) get two buffers. An idle buffer still holds the last frame's pixels, in
 * memory only, like every frame in transit (DESIGN.md rule 1), until the next frame overwrites it.
 */
export class BufferLender {
  private readonly idle: ArrayBuffer[] = [];

  /** `keep`: how many given-back buffers wait for the next borrower; more are left to the garbage collector. */
  constructor(private readonly keep = 2) {}

  /** A buffer of at least `bytes` bytes (its contents are whatever the last borrower left). */
  borrow(bytes: number): ArrayBuffer {
    const fits = this.idle.findIndex((buffer) => buffer.byteLength >= bytes);
    return fits >= 0 ? this.idle.splice(fits, 1)[0]! : new ArrayBuffer(bytes);
  }

  giveBack(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0 || this.idle.includes(buffer)) return;
    this.idle.push(buffer);
    // Past `keep`, the smallest goes: when frames grow, the buffers that no longer fit leave first.
    if (this.idle.length > this.keep) this.idle.sort((a, b) => b.byteLength - a.byteLength).pop();
  }

  /** Lends a buffer of at least `bytes` to `use` and takes it back when `use` settles. */
  async with<T>(bytes: number, use: (buffer: ArrayBuffer) => T | Promise<T>): Promise<T> {
    const buffer = this.borrow(bytes);
    try {
      return await use(buffer);
    } finally {
      this.giveBack(buffer);
    }
  }
}
