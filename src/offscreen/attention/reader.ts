/**
 * The engine's attention adapter: head pose, eye openness and gaze of the detected face. Pose comes
 * from BlazeFace's six keypoints, which the detector has already computed (no extra model run); the
 * eyes from the iris model on a crop of each eye, cut around the same keypoints, which gives the
 * eyelids and the iris. The iris model runs only when the answer can change the interest label
 * (the head faces the screen). Why this split: docs/engagement.md (measured accuracy and cost).
 */
import type { DetectedFace } from '../detector';
import { IRIS_PATH, IrisModel, keypointEyeCrops } from './iris';
import { irisReading } from '../../shared/gaze';
import { poseFromKeypoints, type HeadPose } from '../../shared/head-pose';
import { ATTENTION_THRESHOLDS, type Gaze } from '../../shared/engagement';

export interface EyeReading {
  /** Eyelid gap ÷ eye width from the iris model (the more open eye). */
  eyeAspectRatio: number;
  /** Iris position in half eye widths (src/shared/gaze.ts); null when the eyes are too small in the frame to read it (ATTENTION_THRESHOLDS.minGazeEyeWidth). */
  gaze: Gaze | null;
}

export class AttentionReader {
  private constructor(private readonly iris: IrisModel) {}

  static async load(assetUrl: (path: string) => string): Promise<AttentionReader> {
    return new AttentionReader(await IrisModel.load(assetUrl(IRIS_PATH)));
  }

  dispose(): void {
    this.iris.dispose();
  }

  /** Null when the detector gave no keypoints for this face. */
  pose(face: DetectedFace): HeadPose | null {
    return face.keypoints ? poseFromKeypoints(face.keypoints) : null;
  }

  /** Eyelids and gaze from the iris model on both eyes. Null without keypoints or when the eyes are too small to read. */
  async eyes(rgba: Uint8ClampedArray, frameWidth: number, frameHeight: number, face: DetectedFace): Promise<EyeReading | null> {
    if (!face.keypoints) return null;
    const reading = irisReading(await this.iris.run(rgba, frameWidth, frameHeight, keypointEyeCrops(face.keypoints)));
    if (!reading) return null;
    const gazeReadable = reading.eyeWidth >= ATTENTION_THRESHOLDS.minGazeEyeWidth;
    return { eyeAspectRatio: reading.openness, gaze: gazeReadable ? { x: reading.gazeX, y: reading.gazeY } : null };
  }
}
