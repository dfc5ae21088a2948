/**
 * @vladmandic/human's face-mesh model (MediaPipe FaceMesh, 468 landmarks with depth; MIT) run on
 * the detector's face crop. Measurement only: the engine used it for the eye corners until the
 * iris crops came from BlazeFace's keypoints (docs/engagement.md, "Choice"); the harness still runs
 * it so scripts/measure-attention.ts and scripts/measure-gaze.ts can compare the routes. Served from
 * node_modules by tests/helpers/engine-harness.ts, not packaged with the extension.
 */
import * as tf from '@tensorflow/tfjs';
import type { PixelBox } from '../../../src/offscreen/crop';
import { eyeCrop, readable, type EyeCrop } from '../../../src/offscreen/attention/eye-crop';
import { MESH, type Point3 } from '../../../src/shared/head-pose';

export const FACE_MESH_PATH = 'models/facemesh/facemesh.json';
/** The model's square input side. */
export const FACE_MESH_INPUT = 192;
/** Margin around the detector's box: human grows its BlazeFace box to 1.4× before the mesh. */
export const FACE_MESH_MARGIN = 0.2;
const MESH_VALUES = 468 * 3;

export interface MeshResult {
  /** 468 landmarks in frame pixels; z in the same unit, growing away from the camera. */
  landmarks: Point3[];
  /** The model's own face score, 0..1. */
  confidence: number;
}

export class FaceMesh {
  private constructor(private readonly model: tf.GraphModel) {}

  static async load(modelUrl: string): Promise<FaceMesh> {
    let model: tf.GraphModel;
    try {
      model = await tf.loadGraphModel(modelUrl);
    } catch (error) {
      throw new Error(`face-mesh model ${modelUrl} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    const mesh = new FaceMesh(model);
    const blank = new Float32Array(FACE_MESH_INPUT * FACE_MESH_INPUT * 3);
    await mesh.run(blank, { x: 0, y: 0, width: FACE_MESH_INPUT, height: FACE_MESH_INPUT });
    return mesh;
  }

  /** `rgb` is the crop as [side, side, 3] values 0..1 (cutRgb); landmarks come back in frame pixels. */
  async run(rgb: Float32Array, crop: PixelBox): Promise<MeshResult> {
    const outputs = tf.tidy(() => {
      const face = tf.tensor4d(rgb, [1, crop.height, crop.width, 3]);
      const input = crop.width === FACE_MESH_INPUT ? face : tf.image.resizeBilinear(face, [FACE_MESH_INPUT, FACE_MESH_INPUT]);
      return this.model.execute(input) as tf.Tensor[];
    });
    try {
      const meshTensor = outputs.find((t) => t.shape.at(-1) === MESH_VALUES);
      const flagTensor = outputs.find((t) => t.shape.at(-1) === 1);
      if (!meshTensor || !flagTensor) throw new Error('face-mesh model has unexpected outputs');
      const [values, flag] = await Promise.all([meshTensor.data(), flagTensor.data()]);
      const scale = crop.width / FACE_MESH_INPUT;
      const landmarks: Point3[] = [];
      for (let i = 0; i < MESH_VALUES; i += 3) {
        landmarks.push({ x: crop.x + (values[i] as number) * scale, y: crop.y + (values[i + 1] as number) * scale, z: (values[i + 2] as number) * scale });
      }
      return { landmarks, confidence: flag[0] as number };
    } finally {
      tf.dispose(outputs);
    }
  }
}

/** Both eyes' crops from face-mesh landmarks (frame pixels): each cut around its two corners. */
export function meshEyeCrops(mesh: readonly Point3[]): EyeCrop[] {
  const crops: EyeCrop[] = [];
  // The picture's left eye goes in as it is, the right one mirrored (MediaPipe's iris graph does the same).
  for (const [eye, mirrored] of [[MESH.eyeA, false], [MESH.eyeB, true]] as const) {
    const a = mesh[eye[0]];
    const b = mesh[eye[3]];
    if (a && b) crops.push(eyeCrop(a, b, mirrored));
  }
  return readable(crops);
}

