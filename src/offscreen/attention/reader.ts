/**
 * The engine's attention adapter: head pose, eye openness and gaze of the detected face. Pose comes
 * from BlazeFace's six keypoints, which the detector has already computed (no extra model run); the
 * eyes from the eye net (distilled from MediaPipe's iris model) on a crop of each eye, cut around
 * the same keypoints, which gives the eyelids and the iris. The eye net runs only when the answer
 * can change the interest label (the head faces the screen). Why this split: docs/engagement.md
 * (measured accuracy and cost).
 */
import type { DetectedFace } from '../detector';
import { keypointEyeCrops } from './eye-crop';
import { EYE_NET_PATH, EyeNet } from './eye-net';
import { irisReading } from '../../shared/gaze';
import { poseFromKeypoints, type HeadPose } from '../../shared/head-pose';
import { ATTENTION_THRESHOLDS, type Gaze } from '../../shared/engagement';

export interface EyeReading {
  /** Eyelid gap ÷ eye width from the eye net (the more open eye). */
  eyeAspectRatio: number;
  /** Iris position in half eye widths (src/shared/gaze.ts); null when the eyes are too small in the frame to read it (ATTENTION_THRESHOLDS.minGazeEyeWidth). */
  gaze: Gaze | null;
}

export class AttentionReader {
  private constructor(private readonly eyeNet: EyeNet) {}

  static async load(assetUrl: (path: string) => string): Promise<AttentionReader> {
    return new AttentionReader(await EyeNet.load(assetUrl(EYE_NET_PATH)));
  }

  dispose(): void {
    this.eyeNet.dispose();
  }

  /** Null when the detector gave no keypoints for this face. */
  pose(face: DetectedFace): HeadPose | null {
    return face.keypoints ? poseFromKeypoints(face.keypoints) : null;
  }

  /** Eyelids and gaze from the eye net on both eyes. Null without keypoints or when the eyes are too small to read. */
  async eyes(rgba: Uint8ClampedArray, frameWidth: number, frameHeight: number, face: DetectedFace): Promise<EyeReading | null> {
    if (!face.keypoints) return null;
    const reading = irisReading(await this.eyeNet.run(rgba, frameWidth, frameHeight, keypointEyeCrops(face.keypoints)));
    if (!reading) return null;
    const gazeReadable = reading.eyeWidth >= ATTENTION_THRESHOLDS.minGazeEyeWidth;
    return { eyeAspectRatio: reading.openness, gaze: gazeReadable ? { x: reading.gazeX, y: reading.gazeY } : null };
  }
}
