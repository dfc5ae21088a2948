/**
 * The bench's camera frames: parts of the face photos that @vladmandic/face-api ships in
 * demo/sample1…6.jpg (MIT), each scaled to fill a 640×480 frame with one face about half the
 * frame high, like a student at a laptop webcam. Neighbours' faces may show at the edges; every
 * pipeline analyses the largest face.
 *
 * The labels are BY EYE (one person looking at each crop, no second rater): `happy` for a clear
 * smile or laugh, `neutral` for a relaxed face; null where the expression is ambiguous (a closed-
 * mouth half smile, an open mouth that could be speech or surprise), and those frames are timed but
 * left out of the agreement figure.
 */
import type { Expression } from '../../src/shared/taxonomy.ts';
import type { FrameSpec } from '../../tests/harness/bench-page/api.ts';

export interface LabelledFrame extends FrameSpec {
  label: Expression | null;
  /** Who, in words, so a reader can find the face in the photo. */
  note: string;
}

/** A 4:3 source rectangle whose top-left corner is (x, y). */
function part(photo: string, x: number, y: number, width: number): FrameSpec {
  return { photo, x, y, width, height: Math.round((width * 3) / 4) };
}

export const BENCH_FRAMES: readonly LabelledFrame[] = [
  { ...part('sample1.jpg', 1120, 30, 800), label: 'happy', note: 'sample1, right: laughing, head tilted' },
  { ...part('sample1.jpg', 610, 300, 640), label: 'neutral', note: 'sample1, middle: eyes down, lips closed' },
  { ...part('sample2.jpg', 670, 140, 640), label: 'neutral', note: 'sample2, middle: looking down, relaxed' },
  { ...part('sample3.jpg', 800, 75, 760), label: 'happy', note: 'sample3, middle: smiling' },
  { ...part('sample3.jpg', 1280, 200, 640), label: 'happy', note: 'sample3, right: broad smile' },
  { ...part('sample3.jpg', 320, 220, 720), label: 'neutral', note: 'sample3, left: lips pursed, no smile' },
  { ...part('sample4.jpg', 1040, 40, 640), label: 'happy', note: 'sample4, right: laughing' },
  { ...part('sample5.jpg', 1140, 250, 720), label: 'neutral', note: 'sample5, right: calm, slight smirk' },
  { ...part('sample5.jpg', 110, 760, 720), label: null, note: 'sample5, bottom left: mouth open (speech or surprise)' },
  { ...part('sample6.jpg', 400, 210, 720), label: 'happy', note: 'sample6, second: smiling with teeth' },
  { ...part('sample6.jpg', 0, 330, 720), label: null, note: 'sample6, first: closed-mouth half smile' },
];
