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

/** Reads a picture's pixels through output boxes: luma averaged over each box, chroma at its centre. */
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

  constructor(
    private readonly picture: YuvPicture,
    width: number,
    height: number,
  ) {
    if (width > picture.width || height > picture.height) throw new RangeError('YUV pictures are only scaled down');
    this.columns = boxes(picture.width, width);
    this.rows = boxes(picture.height, height);
    this.lumaPlane = plane(picture, 0);
    this.cbPlane = plane(picture, 1);
    const interleaved = picture.format === 'NV12';
    this.chromaStep = interleaved ? 2 : 1;
    this.crOffset = interleaved ? 1 : plane(picture, 2).offset - this.cbPlane.offset;
    if (!interleaved && plane(picture, 2).stride !== this.cbPlane.stride) throw new Error('I420 chroma planes with different strides');
    this.chromaWidth = Math.ceil(picture.width / 2);
    this.chromaHeight = Math.ceil(picture.height / 2);
  }

  /** Mean luma of output pixel (x, y). */
  luma(x: number, y: number): number {
    const { data } = this.picture;
    const top = this.rows[y]!;
    const bottom = this.rows[y + 1]!;
    const left = this.columns[x]!;
    const right = this.columns[x + 1]!;
    let sum = 0;
    for (let row = top; row < bottom; row++) {
      const start = this.lumaPlane.offset + row * this.lumaPlane.stride;
      for (let column = left; column < right; column++) sum += data[start + column]!;
    }
    return sum / ((bottom - top) * (right - left));
  }

  /** Where Cb lies for the centre of the box over output pixels x..x2, y..y2; Cr is at that index + crOffset. */
  cbIndex(x: number, y: number, x2 = x, y2 = y): number {
    const row = Math.min(this.chromaHeight - 1, (this.rows[y]! + this.rows[y2 + 1]! - 1) >> 2);
    const column = Math.min(this.chromaWidth - 1, (this.columns[x]! + this.columns[x2 + 1]! - 1) >> 2);
    return this.cbPlane.offset + row * this.cbPlane.stride + column * this.chromaStep;
  }
}

/** RGBA of `width` × `height` (not larger than the picture), the picture scaled to fill it. */
export function yuvToRgba(picture: YuvPicture, width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const sampler = new BoxSampler(picture, width, height);
  const { data } = picture;
  const crOffset = sampler.crOffset;
  const [crToR, cbToG, crToG, cbToB] = coefficients(picture.matrix);
  const lumaScale = picture.fullRange ? 1 : 255 / 219;
  const lumaZero = picture.fullRange ? 0 : 16;
  const chromaScale = picture.fullRange ? 1 : 255 / 224;
  const out = new Uint8ClampedArray(width * height * 4);
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const luma = (sampler.luma(x, y) - lumaZero) * lumaScale;
      const cb = sampler.cbIndex(x, y);
      const u = (data[cb]! - 128) * chromaScale;
      const v = (data[cb + crOffset]! - 128) * chromaScale;
      out[o++] = luma + crToR * v;
      out[o++] = luma - cbToG * u - crToG * v;
      out[o++] = luma + cbToB * u;
      out[o++] = 255;
    }
  }
  return out;
}

/** A packed I420 picture of `width` × `height` (not larger than the source), the source scaled to fill it. */
export function scaleToI420(picture: YuvPicture, width: number, height: number): Uint8Array {
  const sampler = new BoxSampler(picture, width, height);
  const chromaWidth = Math.ceil(width / 2);
  const chromaSize = chromaWidth * Math.ceil(height / 2);
  const out = new Uint8Array(i420Size(width, height));
  let o = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[o++] = Math.round(sampler.luma(x, y));
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      const cb = sampler.cbIndex(x, y, Math.min(x + 1, width - 1), Math.min(y + 1, height - 1));
      const at = width * height + (y >> 1) * chromaWidth + (x >> 1);
      out[at] = picture.data[cb]!;
      out[at + chromaSize] = picture.data[cb + sampler.crOffset]!;
    }
  }
  return out;
}
