/**
 * The engine's attention adapter: head pose, eye openness and gaze of the detected face. Pose comes
 * from BlazeFace's six keypoints, which the detector has already computed (no extra model run); the
 * eyes from the face mesh on the face crop, which places the eye corners, and the iris model on a
 * crop of each eye, which gives the eyelids and the iris. Both run only when the answer can change
 * the interest label (the head faces the screen). Why this split: docs/engagement.md (measured
 * accuracy and cost).
 */
import { cutRgb, squareCrop } from '../crop';
import type { DetectedFace } from '../detector';
import { FACE_MESH_MARGIN, FACE_MESH_PATH, FaceMesh } from './face-mesh';
import { IRIS_PATH, IrisModel } from './iris';
import { irisReading } from '../../shared/gaze';
import { poseFromKeypoints, type HeadPose } from '../../shared/head-pose';
import { ATTENTION_THRESHOLDS, type Gaze } from '../../shared/engagement';

/** Below this face-mesh score the landmarks are not trusted (measured scores on real faces: ≥ 0.999). */
const MIN_MESH_CONFIDENCE = 0.5;

export interface EyeReading {
  /** Eyelid gap ÷ eye width from the iris model (the more open eye). */
  eyeAspectRatio: number;
  /** Iris position in half eye widths (src/shared/gaze.ts); null when the eyes are too small in the frame to read it (ATTENTION_THRESHOLDS.minGazeEyeWidth). */
  gaze: Gaze | null;
}

export class AttentionReader {
  private constructor(
    private readonly mesh: FaceMesh,
    private readonly iris: IrisModel,
  ) {}

  static async load(assetUrl: (path: string) => string): Promise<AttentionReader> {
    const [mesh, iris] = await Promise.all([FaceMesh.load(assetUrl(FACE_MESH_PATH)), IrisModel.load(assetUrl(IRIS_PATH))]);
    return new AttentionReader(mesh, iris);
  }

  /** Null when the detector gave no keypoints for this face. */
  pose(face: DetectedFace): HeadPose | null {
    return face.keypoints ? poseFromKeypoints(face.keypoints) : null;
  }

  /**
   * Eyelids and gaze: the face mesh on the face crop finds the eye corners, the iris model reads
   * each eye. Null when the mesh does not trust the face or the eyes are too small to read.
   */
  async eyes(rgba: Uint8ClampedArray, frameWidth: number, frameHeight: number, face: DetectedFace): Promise<EyeReading | null> {
    const crop = squareCrop(face, frameWidth, frameHeight, FACE_MESH_MARGIN);
    const result = await this.mesh.run(cutRgb(rgba, frameWidth, crop), crop);
    if (result.confidence < MIN_MESH_CONFIDENCE) return null;
    const reading = irisReading(await this.iris.run(rgba, frameWidth, frameHeight, result.landmarks));
    if (!reading) return null;
    const gazeReadable = reading.eyeWidth >= ATTENTION_THRESHOLDS.minGazeEyeWidth;
    return { eyeAspectRatio: reading.openness, gaze: gazeReadable ? { x: reading.gazeX, y: reading.gazeY } : null };
  }
}
