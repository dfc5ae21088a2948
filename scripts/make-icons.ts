/**
 * Draws Raut's toolbar icons (a calm face in a rounded square) as PNGs into public/icons.
 * Run once when the design changes: `npx tsx scripts/make-icons.ts`. No image library needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128];
const SUPERSAMPLE = 4;

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array())]);
}

/** Colour of one point of the unit square (0..1): background tile, face features, or transparent. */
function paint(x: number, y: number): [number, number, number, number] {
  const r = 0.22; // corner radius of the tile
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  const eye = (cx: number) => (x - cx) ** 2 + (y - 0.4) ** 2 < 0.075 ** 2;
  const d = Math.hypot(x - 0.5, y - 0.45);
  const smile = y > 0.55 && d > 0.24 && d < 0.33;
  if (eye(0.35) || eye(0.65) || smile) return [255, 255, 255, 255];
  return [14, 124, 123, 255];
}

mkdirSync('public/icons', { recursive: true });
for (const size of SIZES) {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const color = paint((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          for (let c = 0; c < 4; c++) sum[c] = (sum[c] as number) + color[c]! * (c < 3 ? color[3]! / 255 : 1);
        }
      }
      const n = SUPERSAMPLE * SUPERSAMPLE;
      const alpha = (sum[3] as number) / n;
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = alpha > 0 ? Math.round((sum[c] as number) / n / (alpha / 255)) : 0;
      rgba[o + 3] = Math.round(alpha);
    }
  }
  writeFileSync(`public/icons/raut-${size}.png`, png(size, rgba));
}
console.log(`icons written: ${SIZES.map((s) => `raut-${s}.png`).join(', ')}`);
