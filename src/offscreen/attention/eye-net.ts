/**
 * Raut's eye net: a small CNN that reads one eye from a small gray crop (eye-crop.ts) and gives the
 * nine points the gaze geometry needs (src/shared/gaze.ts: corners, three points on each lid, iris
 * centre). It was distilled from MediaPipe's iris landmark model (iris.ts) on eyes cut from
 * FER-2013 and face photos (training/eye_net.py, scripts/eye-net-data.ts), at ≈ 0.2 × the
 * iris model's time on wasm; measured against it in docs/engagement.md. Shipped in models/eye-net.
 */
import * as tf from '@tensorflow/tfjs';
import { EYE_POINT_COUNT, eyePointsFromList, type EyePoints } from '../../shared/gaze';
import { cropToFrame, loadEyeModelFile, sampleEye, WARM_UP_CROP, type EyeCrop } from './eye-crop';

export const EYE_NET_PATH = 'models/eye-net/model.json';
/**
 * The side each eye is sampled at: training/eye_net.py's INPUT_SIZE, the side of the training data's
 * crops (scripts/eye-net-data.ts). A net with a smaller input (its model.json says) gets that
 * sample shrunk by area, as training shrinks the data's crops.
 */
export const EYE_NET_CROP = 32;

/** Gray 0..1 → the net's input range, as training/eye_net.py's to_network_input: (g − 0.5) × 2. */
export function toNetworkInput(gray: Float32Array): void {
  for (let i = 0; i < gray.length; i++) gray[i] = ((gray[i] as number) - 0.5) * 2;
}

/**
 * side × side values (row by row, from offset) → to × to, written into out from outOffset: each
 * output the mean of the input window it covers, rows [⌊i·side/to⌋, ⌈(i+1)·side/to⌉) and the same
 * for columns (PyTorch's adaptive average pooling: training/eye_net.py's shrink_to_input).
 */
export function shrinkSquare(values: Float32Array, side: number, to: number, out: Float32Array, offset = 0, outOffset = 0): void {
  const start = (i: number) => Math.floor((i * side) / to);
  const end = (i: number) => Math.ceil(((i + 1) * side) / to);
  for (let row = 0; row < to; row++) {
    for (let col = 0; col < to; col++) {
      let sum = 0;
      for (let y = start(row); y < end(row); y++) for (let x = start(col); x < end(col); x++) sum += values[offset + y * side + x] as number;
      out[outOffset + row * to + col] = sum / ((end(row) - start(row)) * (end(col) - start(col)));
    }
  }
}

/** count eyes sampled at EYE_NET_CROP, one after another → the same eyes at inputSide (the samples themselves when that is EYE_NET_CROP). */
export function shrinkEyes(samples: Float32Array, count: number, inputSide: number): Float32Array {
  if (inputSide === EYE_NET_CROP) return samples;
  const shrunk = new Float32Array(count * inputSide * inputSide);
  for (let k = 0; k < count; k++) shrinkSquare(samples, EYE_NET_CROP, inputSide, shrunk, k * EYE_NET_CROP * EYE_NET_CROP, k * inputSide * inputSide);
  return shrunk;
}

/** Both eyes' crops → the net's input tensor's values, [n, inputSide, inputSide, 1]: sampled at EYE_NET_CROP, shrunk when the net takes less. */
export function eyeNetInput(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, crops: readonly EyeCrop[], inputSide = EYE_NET_CROP): Float32Array {
  const sampled = EYE_NET_CROP * EYE_NET_CROP;
  const samples = new Float32Array(crops.length * sampled);
  crops.forEach((crop, k) => sampleEye(rgba, width, height, crop, EYE_NET_CROP, 'gray', samples, k * sampled));
  const input = shrinkEyes(samples, crops.length, inputSide);
  toNetworkInput(input);
  return input;
}

/** The square input side of a loaded eye net; a model whose input is not [n, s, s, 1] with s ≤ EYE_NET_CROP is refused. */
export function eyeNetInputSide(model: tf.LayersModel): number {
  const [, rows, columns, channels] = model.inputs[0]?.shape ?? [];
  if (typeof rows !== 'number' || rows !== columns || channels !== 1 || rows > EYE_NET_CROP || rows < 1) {
    throw new Error(`the eye net's input is ${JSON.stringify(model.inputs[0]?.shape)}, not [n, s, s, 1] with s ≤ ${EYE_NET_CROP}`);
  }
  return rows;
}

export class EyeNet {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly inputSide: number,
  ) {}

  static async load(modelUrl: string): Promise<EyeNet> {
    const model = await loadEyeModelFile(EYE_NET_PATH, async () => {
      const loaded = await tf.loadLayersModel(modelUrl);
      try {
        return { loaded, side: eyeNetInputSide(loaded) };
      } catch (error) {
        loaded.dispose();
        throw error;
      }
    });
    const net = new EyeNet(model.loaded, model.side);
    await net.run(new Uint8ClampedArray(4), 1, 1, [WARM_UP_CROP]);
    return net;
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Each eye's nine points in frame pixels (crops from keypointEyeCrops); an empty list when there is none. */
  async run(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, crops: readonly EyeCrop[]): Promise<EyePoints[]> {
    if (crops.length === 0) return [];
    const input = eyeNetInput(rgba, width, height, crops, this.inputSide);
    const output = tf.tidy(() => this.model.predict(tf.tensor4d(input, [crops.length, this.inputSide, this.inputSide, 1])) as tf.Tensor);
    try {
      const perEye = EYE_POINT_COUNT * 2;
      if (output.size !== crops.length * perEye) throw new Error(`eye net gave ${output.size} values for ${crops.length} eyes`);
      const values = await output.data();
      return crops.map((crop, k) => {
        const points = [];
        for (let i = 0; i < EYE_POINT_COUNT; i++) {
          const at = k * perEye + i * 2;
          points.push(cropToFrame(crop, values[at] as number, values[at + 1] as number));
        }
        return eyePointsFromList(points);
      });
    } finally {
      output.dispose();
    }
  }
}
