/**
 * Face detection with MediaPipe Tasks (BlazeFace short range, patched with the TFLite metadata
 * tasks-vision needs; see scripts/tflite-metadata.ts). Wasm and model come from the package.
 */
import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import type { PixelBox } from './crop';

export const FACE_MODEL_PATH = 'models/blazeface/face_detection_short_range.tflite';
export const TASKS_WASM_DIR = 'wasm/tasks-vision';

export interface DetectedFace extends PixelBox {
  score: number;
}

export class FaceFinder {
  private constructor(private readonly detector: FaceDetector) {}

  static async create(assetUrl: (path: string) => string, minConfidence = 0.5): Promise<FaceFinder> {
    const fileset = await FilesetResolver.forVisionTasks(assetUrl(TASKS_WASM_DIR));
    const detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: assetUrl(FACE_MODEL_PATH), delegate: 'CPU' },
      runningMode: 'IMAGE',
      minDetectionConfidence: minConfidence,
    });
    return new FaceFinder(detector);
  }

  find(image: ImageData): DetectedFace[] {
    const faces: DetectedFace[] = [];
    for (const detection of this.detector.detect(image).detections) {
      const box = detection.boundingBox;
      if (!box) continue;
      faces.push({
        x: box.originX,
        y: box.originY,
        width: box.width,
        height: box.height,
        score: detection.categories[0]?.score ?? 0,
      });
    }
    return faces;
  }

  close(): void {
    this.detector.close();
  }
}
