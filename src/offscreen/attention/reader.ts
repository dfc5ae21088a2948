/**
 * The engine's attention adapter: head pose and eye openness of the detected face. Pose comes from
 * BlazeFace's six keypoints, which the detector has already computed (no extra model run); the
 * eyes from the face mesh on the face crop, run only when the answer can change the interest label
 * (the head faces the screen). Why this split: docs/engagement.md (measured accuracy and cost).
 */
import { cutRgb, squareCrop } from '../crop';
import type { DetectedFace } from '../detector';
import { FACE_MESH_MARGIN, FACE_MESH_PATH, FaceMesh } from './face-mesh';
import { meshEyeAspectRatio, poseFromKeypoints, type HeadPose } from '../../shared/head-pose';

/** Below this face-mesh score the landmarks are not trusted (measured scores on real faces: ≥ 0.999). */
const MIN_MESH_CONFIDENCE = 0.5;

export class AttentionReader {
  private constructor(private readonly mesh: FaceMesh) {}

  static async load(assetUrl: (path: string) => string): Promise<AttentionReader> {
    return new AttentionReader(await FaceMesh.load(assetUrl(FACE_MESH_PATH)));
  }

  /** Null when the detector gave no keypoints for this face. */
  pose(face: DetectedFace): HeadPose | null {
    return face.keypoints ? poseFromKeypoints(face.keypoints) : null;
  }

  /** The larger eye's aspect ratio from the face mesh on the face crop; null when the mesh does not trust the face. */
  async eyeAspectRatio(rgba: Uint8ClampedArray, frameWidth: number, frameHeight: number, face: DetectedFace): Promise<number | null> {
    const crop = squareCrop(face, frameWidth, frameHeight, FACE_MESH_MARGIN);
    const result = await this.mesh.run(cutRgb(rgba, frameWidth, crop), crop);
    return result.confidence >= MIN_MESH_CONFIDENCE ? meshEyeAspectRatio(result.landmarks) : null;
  }
}
