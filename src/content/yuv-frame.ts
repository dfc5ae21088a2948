/**
 * Small RGBA frames straight from a camera's YUV planes. Chromium hands camera frames to the hook as
 * I420 or NV12 VideoFrames; drawing one onto a canvas and reading it back converts the whole
 * picture to RGBA first, which measured 3–4 × slower than copying the planes out
 * (`VideoFrame.copyTo`) and converting only the pixels we keep. Downscaling averages the
 * luma over each output pixel's box and takes the chroma at the box's centre.
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

/** RGBA of `width` × `height` (not larger than the picture), the picture scaled to fill it. */
export function yuvToRgba(picture: YuvPicture, width: number, height: number): Uint8ClampedArray {
  if (width > picture.width || height > picture.height) throw new RangeError('yuvToRgba only scales down');
  const { data } = picture;
  const luma = plane(picture, 0);
  const first = plane(picture, 1);
  const interleaved = picture.format === 'NV12';
  const second = interleaved ? first : plane(picture, 2);
  const chromaWidth = Math.ceil(picture.width / 2);
  const chromaHeight = Math.ceil(picture.height / 2);
  const [crToR, cbToG, crToG, cbToB] = coefficients(picture.matrix);
  const lumaScale = picture.fullRange ? 1 : 255 / 219;
  const lumaZero = picture.fullRange ? 0 : 16;
  const chromaScale = picture.fullRange ? 1 : 255 / 224;
  const columns = boxes(picture.width, width);
  const rows = boxes(picture.height, height);
  const out = new Uint8ClampedArray(width * height * 4);
  let o = 0;
  for (let y = 0; y < height; y++) {
    const top = rows[y]!;
    const bottom = rows[y + 1]!;
    const chromaRow = Math.min(chromaHeight - 1, (top + bottom - 1) >> 2);
    for (let x = 0; x < width; x++) {
      const left = columns[x]!;
      const right = columns[x + 1]!;
      let sum = 0;
      for (let row = top; row < bottom; row++) {
        const start = luma.offset + row * luma.stride;
        for (let column = left; column < right; column++) sum += data[start + column]!;
      }
      const lumaValue = (sum / ((bottom - top) * (right - left)) - lumaZero) * lumaScale;
      const chromaColumn = Math.min(chromaWidth - 1, (left + right - 1) >> 2);
      const cb = interleaved
        ? data[first.offset + chromaRow * first.stride + 2 * chromaColumn]!
        : data[first.offset + chromaRow * first.stride + chromaColumn]!;
      const cr = interleaved
        ? data[first.offset + chromaRow * first.stride + 2 * chromaColumn + 1]!
        : data[second.offset + chromaRow * second.stride + chromaColumn]!;
      const u = (cb - 128) * chromaScale;
      const v = (cr - 128) * chromaScale;
      out[o++] = lumaValue + crToR * v;
      out[o++] = lumaValue - cbToG * u - crToG * v;
      out[o++] = lumaValue + cbToB * u;
      out[o++] = 255;
    }
  }
  return out;
}
