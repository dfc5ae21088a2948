/**
 * Raut's eye net: a small CNN that reads one eye from a 32×32 gray crop (eye-crop.ts) and gives the
 * nine points the gaze geometry needs (src/shared/gaze.ts: corners, three points on each lid, iris
 * centre). It was distilled from MediaPipe's iris landmark model (iris.ts) on eyes cut from
 * FER-2013 and face photos (training/eye_net.py, scripts/eye-net-data.ts), at 0.32 × the
 * iris model's time on wasm; measured against it in docs/engagement.md. Shipped in models/eye-net.
 */
import * as tf from '@tensorflow/tfjs';
import { EYE_POINT_COUNT, eyePointsFromList, type EyePoints } from '../../shared/gaze';
import { cropToFrame, loadEyeModelFile, sampleEye, WARM_UP_CROP, type EyeCrop } from './eye-crop';

export const EYE_NET_PATH = 'models/eye-net/model.json';
/** The net's square input side; training/eye_net.py's INPUT_SIZE. */
export const EYE_NET_INPUT = 32;

/** Gray 0..1 → the net's input range, as training/eye_net.py's to_network_input: (g − 0.5) × 2. */
export function toNetworkInput(gray: Float32Array): void {
  for (let i = 0; i < gray.length; i++) gray[i] = ((gray[i] as number) - 0.5) * 2;
}

/** Both eyes' crops → the net's input tensor's values, [n, 32, 32, 1]. */
export function eyeNetInput(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, crops: readonly EyeCrop[]): Float32Array {
  const pixels = EYE_NET_INPUT * EYE_NET_INPUT;
  const input = new Float32Array(crops.length * pixels);
  crops.forEach((crop, k) => sampleEye(rgba, width, height, crop, EYE_NET_INPUT, 'gray', input, k * pixels));
  toNetworkInput(input);
  return input;
}

export class EyeNet {
  private constructor(private readonly model: tf.LayersModel) {}

  static async load(modelUrl: string): Promise<EyeNet> {
    const net = new EyeNet(await loadEyeModelFile(EYE_NET_PATH, () => tf.loadLayersModel(modelUrl)));
    await net.run(new Uint8ClampedArray(4), 1, 1, [WARM_UP_CROP]);
    return net;
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Each eye's nine points in frame pixels (crops from keypointEyeCrops); an empty list when there is none. */
  async run(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, crops: readonly EyeCrop[]): Promise<EyePoints[]> {
    if (crops.length === 0) return [];
    const input = eyeNetInput(rgba, width, height, crops);
    const output = tf.tidy(() => this.model.predict(tf.tensor4d(input, [crops.length, EYE_NET_INPUT, EYE_NET_INPUT, 1])) as tf.Tensor);
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
