import { describe, expect, it } from 'vitest';
import { BufferLender } from '../../src/shared/buffer-lender';

describe('BufferLender', () => {
  it('lends a buffer of at least the size asked, and lends the same one again once it is back', () => {
    const lender = new BufferLender();
    const first = lender.borrow(100);
    expect(first.byteLength).toBeGreaterThanOrEqual(100);
    lender.giveBack(first);
    expect(lender.borrow(80)).toBe(first);
  });

  it('never lends one buffer to two borrowers at once', () => {
    const lender = new BufferLender();
    const a = lender.borrow(10);
    const b = lender.borrow(10);
    expect(b).not.toBe(a);
    lender.giveBack(a);
    lender.giveBack(b);
    const again = [lender.borrow(10), lender.borrow(10)];
    expect(new Set(again)).toEqual(new Set([a, b]));
  });

  it('gives a new, larger buffer when the idle ones are too small, and keeps the largest ones', () => {
    const lender = new BufferLender(1);
    const small = lender.borrow(10);
    lender.giveBack(small);
    const large = lender.borrow(1000);
    expect(large).not.toBe(small);
    expect(large.byteLength).toBe(1000);
    lender.giveBack(large);
    // Only one is kept: the small one went, the large one serves small and large requests alike.
    expect(lender.borrow(10)).toBe(large);
    expect(lender.borrow(10)).not.toBe(small);
  });

  it('keeps none with keep 0 (one-off use allocates as before)', () => {
    const lender = new BufferLender(0);
    const first = lender.borrow(10);
    lender.giveBack(first);
    expect(lender.borrow(10)).not.toBe(first);
  });

  it('ignores a buffer given back twice', () => {
    const lender = new BufferLender();
    const first = lender.borrow(10);
    lender.giveBack(first);
    lender.giveBack(first);
    expect(lender.borrow(10)).toBe(first);
    expect(lender.borrow(10)).not.toBe(first);
  });

  it('with(): takes the buffer back when the use settles, also when it throws', async () => {
    const lender = new BufferLender();
    let lent: ArrayBuffer | null = null;
    await expect(
      lender.with(16, async (buffer) => {
        lent = buffer;
        throw new Error('analysis failed');
      }),
    ).rejects.toThrow('analysis failed');
    expect(lender.borrow(16)).toBe(lent);
  });

  it('with(): two uses running side by side get different buffers', async () => {
    const lender = new BufferLender();
    const seen: ArrayBuffer[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = lender.with(16, async (buffer) => {
      seen.push(buffer);
      await gate;
    });
    await lender.with(16, (buffer) => void seen.push(buffer));
    release();
    await slow;
    expect(seen[0]).not.toBe(seen[1]);
  });
});
