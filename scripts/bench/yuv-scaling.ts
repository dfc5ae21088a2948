/**
 * The class page's scaling of each sampled camera frame (src/shared/yuv.ts, scaleToI420), timed in
 * Node on a 640 × 480 I420 picture, the two ways side by side in one run: to 320 × 240 (a
 * whole-number reduction: luma averaged in integers) and to 319 × 239 (the general box sampler; 0.6 %
 * fewer pixels). Rounds alternate, so the machine's load falls on both alike.
 *
 *   npx tsx scripts/bench/yuv-scaling.ts [-- --rounds 5]
 */
import { parseArgs } from 'node:util';
import { scaleToI420, type YuvPicture } from '../../src/shared/yuv.ts';
import { median } from './stats.ts';

const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a positive integer, not ${values.rounds}`);

const WIDTH = 640;
const HEIGHT = 480;
const data = Uint8Array.from({ length: (WIDTH * HEIGHT * 3) / 2 }, (_, i) => (i * 2654435761) >>> 24);
const picture: YuvPicture = {
  format: 'I420',
  data,
  layout: [
    { offset: 0, stride: WIDTH },
    { offset: WIDTH * HEIGHT, stride: WIDTH / 2 },
    { offset: (WIDTH * HEIGHT * 5) / 4, stride: WIDTH / 2 },
  ],
  width: WIDTH,
  height: HEIGHT,
  matrix: 'bt601',
  fullRange: false,
};

/** Mean ms per call over `calls`, after as many uncounted. */
function msPerCall(width: number, height: number, calls = 200): number {
  for (let i = 0; i < calls; i++) scaleToI420(picture, width, height);
  const start = performance.now();
  for (let i = 0; i < calls; i++) scaleToI420(picture, width, height);
  return (performance.now() - start) / calls;
}

const whole: number[] = [];
const box: number[] = [];
for (let round = 0; round < rounds; round++) {
  whole.push(msPerCall(320, 240));
  box.push(msPerCall(319, 239));
  console.log(`round ${round + 1}: 320 × 240 (integers) ${whole.at(-1)!.toFixed(3)} ms, 319 × 239 (box sampler) ${box.at(-1)!.toFixed(3)} ms`);
}
console.log(`median: integers ${median(whole).toFixed(3)} ms, box sampler ${median(box).toFixed(3)} ms, ratio ${(median(whole) / median(box)).toFixed(2)}`);
