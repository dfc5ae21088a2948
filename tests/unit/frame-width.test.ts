import { describe, expect, it } from 'vitest';
import { NARROW_FROM_FACE_WIDTH, WIDE_AFTER_NO_FACE_MS, WIDE_BELOW_FACE_WIDTH, narrowWidth, nextFrameWidth } from '../../src/background/frame-width';

const face = (width: number) => ({ x: 0.3, y: 0.2, width, height: width * 1.3 });

describe('nextFrameWidth', () => {
  it('narrows 320 px frames to 256 px while the face fills enough of the picture', () => {
    expect(narrowWidth(320)).toBe(256);
    expect(nextFrameWidth({ configured: 320, current: 320, face: face(0.35), sinceLastFaceMs: 0 })).toBe(256);
    expect(nextFrameWidth({ configured: 320, current: 320, face: face(NARROW_FROM_FACE_WIDTH), sinceLastFaceMs: 0 })).toBe(256);
    expect(nextFrameWidth({ configured: 320, current: 256, face: face(0.35), sinceLastFaceMs: 0 })).toBe(256);
  });

  it('keeps the configured width for a small, distant face, and returns to it when the face shrinks', () => {
    expect(nextFrameWidth({ configured: 320, current: 320, face: face(0.1), sinceLastFaceMs: 0 })).toBe(320);
    expect(nextFrameWidth({ configured: 320, current: 256, face: face(WIDE_BELOW_FACE_WIDTH - 0.01), sinceLastFaceMs: 0 })).toBe(320);
  });

  it('does not switch back and forth for a face near the line', () => {
    const between = face((NARROW_FROM_FACE_WIDTH + WIDE_BELOW_FACE_WIDTH) / 2);
    expect(nextFrameWidth({ configured: 320, current: 320, face: between, sinceLastFaceMs: 0 })).toBe(320);
    expect(nextFrameWidth({ configured: 320, current: 256, face: between, sinceLastFaceMs: 0 })).toBe(256);
  });

  it('rides out a short gap without a face, and widens once the face has been gone a while', () => {
    expect(nextFrameWidth({ configured: 320, current: 256, face: null, sinceLastFaceMs: 1000 })).toBe(256);
    expect(nextFrameWidth({ configured: 320, current: 256, face: null, sinceLastFaceMs: WIDE_AFTER_NO_FACE_MS })).toBe(320);
    expect(nextFrameWidth({ configured: 320, current: 320, face: null, sinceLastFaceMs: 60_000 })).toBe(320);
  });

  it('follows a changed setting: a width that is neither the new configured one nor its narrow one resets', () => {
    expect(nextFrameWidth({ configured: 480, current: 256, face: face(0.1), sinceLastFaceMs: 0 })).toBe(480);
    expect(nextFrameWidth({ configured: 480, current: 256, face: face(0.35), sinceLastFaceMs: 0 })).toBe(480);
    expect(nextFrameWidth({ configured: 480, current: 480, face: face(0.35), sinceLastFaceMs: 0 })).toBe(384);
  });
});
