/**
 * @vladmandic/human's iris model (MediaPipe Iris's iris landmark model; MIT): a 64×64 RGB eye crop
 * (eye-crop.ts) in → 71 eye-contour points (eyelids included) and 5 iris points out, both eyes in
 * one run. It is the teacher the shipped eye net (eye-net.ts) was distilled from, about three times
 * its cost: scripts/eye-net-data.ts and the engine harness run it; the extension does not package it.
 * Geometry on the points: src/shared/gaze.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { IRIS_CONTOUR_POINTS, IRIS_POINTS, type IrisEye } from '../../shared/gaze';
import type { Point2 } from '../../shared/head-pose';
import { cropToFrame, loadEyeModelFile, sampleEye, WARM_UP_CROP, type EyeCrop } from './eye-crop';

export const IRIS_PATH = 'models/iris/iris.json';
/** The model's square input side. */
export const IRIS_INPUT = 64;
const VALUES_PER_EYE = (IRIS_CONTOUR_POINTS + IRIS_POINTS) * 3;

export class IrisModel {
  private constructor(private readonly model: tf.GraphModel) {}

  static async load(modelUrl: string): Promise<IrisModel> {
    const iris = new IrisModel(await loadEyeModelFile(IRIS_PATH, () => tf.loadGraphModel(modelUrl)));
    await iris.cropPoints(new Uint8ClampedArray(4), 1, 1, [WARM_UP_CROP]);
    return iris;
  }

  dispose(): void {
    this.model.dispose();
  }

  /** The iris model on each crop (keypointEyeCrops), its points in frame pixels; an empty list when there is none. */
  async run(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, crops: readonly EyeCrop[]): Promise<IrisEye[]> {
    const perCrop = await this.cropPoints(rgba, width, height, crops);
    return perCrop.map((points, k) => {
      const inFrame = points.map((p) => cropToFrame(crops[k]!, p.x, p.y));
      return { contour: inFrame.slice(0, IRIS_CONTOUR_POINTS), iris: inFrame.slice(IRIS_CONTOUR_POINTS) };
    });
  }

  /** The model's 76 points per crop (contour, then iris), in crop units: 0..1 across (u → x) and down (v → y), as the crop goes in. */
  async cropPoints(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, crops: readonly EyeCrop[]): Promise<Point2[][]> {
    if (crops.length === 0) return [];
    const pixels = IRIS_INPUT * IRIS_INPUT * 3;
    const input = new Float32Array(crops.length * pixels);
    crops.forEach((crop, k) => sampleEye(rgba, width, height, crop, IRIS_INPUT, 'rgb', input, k * pixels));
    const output = tf.tidy(() => this.model.execute(tf.tensor4d(input, [crops.length, IRIS_INPUT, IRIS_INPUT, 3])) as tf.Tensor);
    try {
      if (output.size !== crops.length * VALUES_PER_EYE) throw new Error(`iris model gave ${output.size} values for ${crops.length} eyes`);
      const values = await output.data();
      return crops.map((_crop, k) => {
        const points: Point2[] = [];
        for (let i = 0; i < IRIS_CONTOUR_POINTS + IRIS_POINTS; i++) {
          const at = k * VALUES_PER_EYE + i * 3;
          points.push({ x: (values[at] as number) / IRIS_INPUT, y: (values[at + 1] as number) / IRIS_INPUT });
        }
        return points;
      });
    } finally {
      output.dispose();
    }
  }
}
