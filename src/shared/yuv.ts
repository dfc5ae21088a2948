/**
 * Camera pictures in Y'CbCr. Chromium hands camera frames to the hook as I420 or NV12 VideoFrames;
 * drawing one onto a canvas and reading it back converts the whole picture to RGBA first, which
 * measured 2–3 × slower than copying the planes out (`VideoFrame.copyTo`) and scaling them. The hook
 * scales the planes into a small packed I420 frame (`scaleToI420`), less than half the bytes of
 * RGBA on its way through extension messaging, and the engine turns it into RGBA (`yuvToRgba`).
 * Scaling averages the luma over each output pixel's box and takes the chroma at the box's centre.
 */

export type PlanarFormat = 'I420' | 'I420A' | 'NV12';

export interface PlaneLayout {
  offset: number;
  stride: number;
}

export interface YuvPicture {
  format: PlanarFormat;
  /** The copied planes, as `VideoFrame.copyTo` lays them out. */
  data: Uint8Array;
  layout: readonly PlaneLayout[];
  width: number;
  height: number;
  /** VideoColorSpace's matrix and range; unknown matrices are read as BT.601 (what webcams send). */
  matrix: string | null;
  fullRange: boolean;
}

/** How a packed I420 frame's values are to be read (VideoColorSpace's matrix and range). */
export interface YuvColour {
  matrix: 'bt709' | 'bt601';
  fullRange: boolean;
}

/** Bytes of a packed I420 picture: the luma plane, then the two half-size chroma planes. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

/** A packed I420 buffer (strides = widths) as a picture. */
export function packedI420(data: Uint8Array, width: number, height: number, colour: YuvColour): YuvPicture {
  const chroma = Math.ceil(width / 2);
  const chromaSize = chroma * Math.ceil(height / 2);
  const layout = [
    { offset: 0, stride: width },
    { offset: width * height, stride: chroma },
    { offset: width * height + chromaSize, stride: chroma },
  ];
  return { format: 'I420', data, layout, width, height, matrix: colour.matrix, fullRange: colour.fullRange };
}

/** The colour reading of a picture, as a packed I420 frame carries it (any matrix but BT.709 reads as BT.601). */
export function colourOf(picture: YuvPicture): YuvColour {
  return { matrix: picture.matrix === 'bt709' ? 'bt709' : 'bt601', fullRange: picture.fullRange };
}

export function isPlanarFormat(format: string | null): format is PlanarFormat {
  return format === 'I420' || format === 'I420A' || format === 'NV12';
}

/** Cr → R, Cb → G, Cr → G, Cb → B, for Y'CbCr in full range around 0. */
function coefficients(matrix: string | null): [number, number, number, number] {
  if (matrix === 'bt709') return [1.5748, 0.187324, 0.468124, 1.8556];
  return [1.402, 0.344136, 0.714136, 1.772];
}

/** For each output index, the first and one-past-last source index of its box. */
function boxes(source: number, target: number): Int32Array {
  const edges = new Int32Array(target + 1);
  for (let i = 0; i <= target; i++) edges[i] = Math.min(source, Math.floor((i * source) / target));
  for (let i = 0; i < target; i++) if (edges[i + 1]! <= edges[i]!) edges[i + 1] = Math.min(source, edges[i]! + 1);
  return edges;
}

function plane(picture: YuvPicture, index: number): PlaneLayout {
  const layout = picture.layout[index];
  if (!layout) throw new Error(`${picture.format} frame without plane ${index}`);
  return layout;
}

/**
 * Reads a picture's pixels through output boxes: luma averaged over each box, chroma at its centre.
 * Row at a time: the engine turns every frame with it, so its loops stay flat (a per-pixel method
 * measured ≈ 2.7 ms for 320 × 240 in the offscreen document).
 */
class BoxSampler {
  private readonly columns: Int32Array;
  private readonly rows: Int32Array;
  private readonly lumaPlane: PlaneLayout;
  /** Cb's plane and step between samples. */
  private readonly cbPlane: PlaneLayout;
  private readonly chromaStep: number;
  /** Where Cr lies from Cb (NV12 interleaves them). */
  readonly crOffset: number;
  private readonly chromaWidth: number;
  private readonly chromaHeight: number;
  /** Whether every box is one pixel: the luma is read, not averaged. */
  private readonly unscaled: boolean;

  constructor(
    private readonly picture: YuvPicture,
    private readonly width: number,
    height: number,
  ) {
    if (width > picture.width || height > picture.height) throw new RangeError('YUV pictures are only scaled down');
    this.columns = boxes(picture.width, width);
    this.rows = boxes(picture.height, height);
    this.unscaled = width === picture.width && height === picture.height;
    this.lumaPlane = plane(picture, 0);
    this.cbPlane = plane(picture, 1);
    const interleaved = picture.format === 'NV12';
    this.chromaStep = interleaved ? 2 : 1;
    this.crOffset = interleaved ? 1 : plane(picture, 2).offset - this.cbPlane.offset;
    if (!interleaved && plane(picture, 2).stride !== this.cbPlane.stride) throw new Error('I420 chroma planes with different strides');
    this.chromaWidth = Math.ceil(picture.width / 2);
    this.chromaHeight = Math.ceil(picture.height / 2);
  }

  /** Mean luma of each output pixel of row y, into `into[0 .. width)`. */
  lumaRow(y: number, into: Float64Array): void {
    const { data } = this.picture;
    const { columns, width } = this;
    const top = this.rows[y]!;
    const bottom = this.rows[y + 1]!;
    const { offset, stride } = this.lumaPlane;
    if (this.unscaled) {
      const start = offset + top * stride;
      for (let x = 0; x < width; x++) into[x] = data[start + x]!;
      return;
    }
    into.fill(0, 0, width);
    for (let row = top; row < bottom; row++) {
      const start = offset + row * stride;
      for (let x = 0; x < width; x++) {
        const right = columns[x + 1]!;
        let sum = 0;
        for (let column = columns[x]!; column < right; column++) sum += data[start + column]!;
        into[x]! += sum;
      }
    }
    const rowsInBox = bottom - top;
    for (let x = 0; x < width; x++) into[x]! /= rowsInBox * (columns[x + 1]! - columns[x]!);
  }

  /**
   * Where Cb lies for the centre of the box over output columns x..x + span - 1 of rows y..y2, for each
   * x stepping by `span`, into `into[x / span]`; Cr is at that index + crOffset.
   */
  cbRow(y: number, y2: number, span: 1 | 2, into: Int32Array): void {
    const { columns, width } = this;
    const row = Math.min(this.chromaHeight - 1, (this.rows[y]! + this.rows[y2 + 1]! - 1) >> 2);
    const start = this.cbPlane.offset + row * this.cbPlane.stride;
    for (let x = 0, i = 0; x < width; x += span, i++) {
      const x2 = Math.min(x + span - 1, width - 1);
      const column = Math.min(this.chromaWidth - 1, (columns[x]! + columns[x2 + 1]! - 1) >> 2);
      into[i] = start + column * this.chromaStep;
    }
  }
}

/** Fixed-point fraction bits of the conversion tables below. */
const FIXED = 16;
const HALF = 1 << (FIXED - 1);

function fixedTable(map: (value: number) => number): Int32Array {
  const table = new Int32Array(256);
  for (let value = 0; value < 256; value++) table[value] = Math.round(map(value) * (1 << FIXED));
  return table;
}

/**
 * RGBA of `width` × `height` (not larger than the picture), the picture scaled to fill it. Fixed-point
 * tables per chroma value instead of floating-point products per pixel (with the row-based sampling:
 * 0.65 × the time for 320 × 240 in Node; results within one level of the exact conversion).
 * Written into `into` when given (at least width × height × 4 bytes; see BufferLender), else into a new buffer.
 */
export function yuvToRgba(picture: YuvPicture, width: number, height: number, into?: ArrayBuffer): Uint8ClampedArray<ArrayBuffer> {
  const sampler = new BoxSampler(picture, width, height);
  const { data } = picture;
  const crOffset = sampler.crOffset;
  const [crToR, cbToG, crToG, cbToB] = coefficients(picture.matrix);
  const lumaScale = (picture.fullRange ? 1 : 255 / 219) * (1 << FIXED);
  const lumaZero = picture.fullRange ? 0 : 16;
  const chromaScale = picture.fullRange ? 1 : 255 / 224;
  const red = fixedTable((cr) => crToR * (cr - 128) * chromaScale);
  const greenFromCb = fixedTable((cb) => -cbToG * (cb - 128) * chromaScale);
  const greenFromCr = fixedTable((cr) => -crToG * (cr - 128) * chromaScale);
  const blue = fixedTable((cb) => cbToB * (cb - 128) * chromaScale);
  // One 32-bit store per pixel (R, G, B, A in memory order on little-endian machines) instead of four byte stores.
  const pixels = into ? new Uint32Array(into, 0, width * height) : new Uint32Array(width * height);
  const luma = new Float64Array(width);
  const cbAt = new Int32Array(width);
  let o = 0;
  for (let y = 0; y < height; y++) {
    sampler.lumaRow(y, luma);
    sampler.cbRow(y, y, 1, cbAt);
    for (let x = 0; x < width; x++) {
      const l = ((luma[x]! - lumaZero) * lumaScale + HALF) | 0;
      const cb = data[cbAt[x]!]!;
      const cr = data[cbAt[x]! + crOffset]!;
      const r = clampByte((l + red[cr]!) >> FIXED);
      const g = clampByte((l + greenFromCb[cb]! + greenFromCr[cr]!) >> FIXED);
      const b = clampByte((l + blue[cb]!) >> FIXED);
      pixels[o++] = LITTLE_ENDIAN ? (0xff000000 | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
    }
  }
  return new Uint8ClampedArray(pixels.buffer, 0, width * height * 4);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

/** k when the picture is exactly k times `width` × `height` (640 × 480 → 320 × 240: 2), else null. */
function wholeFactor(picture: YuvPicture, width: number, height: number): number | null {
  const k = picture.width / width;
  return Number.isInteger(k) && picture.height === k * height ? k : null;
}

/**
 * Luma averaged over k × k blocks in integers, rounded as BoxSampler rounds (half up): the same
 * values for a whole-number reduction, the usual one (640 × 480 → 320 × 240), in ≈ 0.4 × its time.
 */
function lumaByBlocks(picture: YuvPicture, k: number, width: number, height: number, out: Uint8Array): void {
  const { data } = picture;
  const { offset, stride } = plane(picture, 0);
  if (k === 2) {
    for (let y = 0, o = 0; y < height; y++) {
      let top = offset + 2 * y * stride;
      let bottom = top + stride;
      for (let x = 0; x < width; x++, top += 2, bottom += 2) out[o++] = (data[top]! + data[top + 1]! + data[bottom]! + data[bottom + 1]! + 2) >> 2;
    }
    return;
  }
  const area = k * k;
  const half = area >> 1;
  const sums = new Int32Array(width);
  for (let y = 0, o = 0; y < height; y++) {
    sums.fill(0);
    for (let row = y * k; row < (y + 1) * k; row++) {
      let at = offset + row * stride;
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += data[at++]!;
        sums[x]! += sum;
      }
    }
    for (let x = 0; x < width; x++) out[o++] = ((sums[x]! + half) / area) | 0;
  }
}

/** A packed I420 picture of `width` × `height` (not larger than the source), the source scaled to fill it. */
export function scaleToI420(picture: YuvPicture, width: number, height: number): Uint8Array {
  const sampler = new BoxSampler(picture, width, height);
  const chromaWidth = Math.ceil(width / 2);
  const chromaSize = chromaWidth * Math.ceil(height / 2);
  const out = new Uint8Array(i420Size(width, height));
  const factor = wholeFactor(picture, width, height);
  if (factor !== null) lumaByBlocks(picture, factor, width, height, out);
  else {
    const luma = new Float64Array(width);
    let o = 0;
    for (let y = 0; y < height; y++) {
      sampler.lumaRow(y, luma);
      for (let x = 0; x < width; x++) out[o++] = Math.round(luma[x]!);
    }
  }
  const cbAt = new Int32Array(chromaWidth);
  for (let y = 0; y < height; y += 2) {
    sampler.cbRow(y, Math.min(y + 1, height - 1), 2, cbAt);
    const at = width * height + (y >> 1) * chromaWidth;
    for (let i = 0; i < chromaWidth; i++) {
      out[at + i] = picture.data[cbAt[i]!]!;
      out[at + i + chromaSize] = picture.data[cbAt[i]! + sampler.crOffset]!;
    }
  }
  return out;
}
