/**
 * The inference engine: frame in, FrameAnalysis out. It knows nothing of the document that hosts
 * it (offscreen document in Chromium; a background page elsewhere): the host passes `assetUrl`.
 */
import { selectBackend } from './backend';
import { ExpressionClassifier } from './classifier';
import { cutRgb, largest, squareCrop } from './crop';
import { FaceFinder } from './detector';
import type { ModelAdapter } from './models/adapter';
import { assessFace, frameBrightness } from './quality';
import type { RawFrame } from '../shared/frame';
import { topExpression, valenceOf } from '../shared/taxonomy';
import type { Backend, BackendPreference, EngineStatus, FrameAnalysis } from '../shared/types';

export const TFJS_WASM_DIR = 'wasm/tfjs/';
/** After a failed start, wait this long before trying again (a corrupt file will not heal by itself). */
const RETRY_AFTER_ERROR_MS = 30_000;

export interface EngineHost {
  /** Absolute URL of a file packaged with the extension. */
  assetUrl(path: string): string;
}

interface ReadyParts {
  backend: Backend;
  finder: FaceFinder;
  classifier: ExpressionClassifier;
}

function roundProbability(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export class Engine {
  private parts: Promise<ReadyParts> | null = null;
  private status: EngineStatus = { state: 'idle', backend: null, message: null, modelId: null };
  private failedAt = 0;
  private preference: BackendPreference = 'auto';

  constructor(
    private readonly host: EngineHost,
    private readonly adapter: ModelAdapter,
  ) {}

  getStatus(): EngineStatus {
    return { ...this.status };
  }

  /** Changing the preferred backend restarts the engine on the next frame. */
  setPreference(preference: BackendPreference): void {
    if (preference === this.preference) return;
    this.preference = preference;
    this.parts = null;
  }

  private start(): Promise<ReadyParts> {
    this.status = { state: 'loading', backend: null, message: 'loading models', modelId: this.adapter.id };
    const step = (message: string) => {
      this.status = { ...this.status, message };
    };
    return (async () => {
      step('choosing an inference backend');
      const choice = await selectBackend(this.preference, this.host.assetUrl(TFJS_WASM_DIR));
      step(`loading the face detector (${choice.backend})`);
      const finder = await FaceFinder.create((path) => this.host.assetUrl(path)).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`face detector could not be loaded (${reason}); reinstall Raut or run "npm run build"`);
      });
      step(`loading the expression model (${choice.backend})`);
      const classifier = await ExpressionClassifier.load(this.adapter, this.host.assetUrl(this.adapter.modelPath));
      this.status = {
        state: 'ready',
        backend: choice.backend,
        message: choice.fallbacks.length ? `fell back: ${choice.fallbacks.join('; ')}` : null,
        modelId: this.adapter.id,
      };
      return { backend: choice.backend, finder, classifier };
    })();
  }

  private ready(): Promise<ReadyParts> {
    if (this.status.state === 'error' && Date.now() - this.failedAt < RETRY_AFTER_ERROR_MS) {
      return Promise.reject(new Error(this.status.message ?? 'engine failed'));
    }
    if (!this.parts) {
      this.parts = this.start().catch((error: unknown) => {
        this.parts = null;
        this.failedAt = Date.now();
        this.status = {
          state: 'error',
          backend: null,
          message: error instanceof Error ? error.message : String(error),
          modelId: this.adapter.id,
        };
        throw error;
      });
    }
    return this.parts;
  }

  async analyse(frame: RawFrame): Promise<FrameAnalysis> {
    const { backend, finder, classifier } = await this.ready();
    const started = performance.now();
    const pixels = new Uint8ClampedArray(frame.data);
    const image = new ImageData(pixels, frame.width, frame.height);
    const faces = finder.find(image);
    const face = largest(faces);
    const base = {
      faceCount: faces.length,
      backend,
      modelId: this.adapter.id,
      modelVersion: this.adapter.version,
      brightness: frameBrightness(pixels, frame.width, frame.height),
    };
    if (!face) {
      return { ...base, faceFound: false, box: null, probabilities: null, top: null, valence: null, unknownReason: null, inferenceMs: performance.now() - started };
    }
    const box = {
      x: face.x / frame.width,
      y: face.y / frame.height,
      width: face.width / frame.width,
      height: face.height / frame.height,
    };
    const crop = squareCrop(face, frame.width, frame.height, this.adapter.cropMargin);
    const unknownReason = assessFace(pixels, frame.width, frame.height, face).reason;
    if (unknownReason) {
      return { ...base, faceFound: true, box, probabilities: null, top: null, valence: null, unknownReason, inferenceMs: performance.now() - started };
    }
    const probabilities = (await classifier.classify(cutRgb(pixels, frame.width, crop), crop.width)).map(roundProbability);
    const top = topExpression(probabilities);
    return {
      ...base,
      faceFound: true,
      box,
      probabilities,
      top,
      valence: valenceOf(top),
      unknownReason: null,
      inferenceMs: performance.now() - started,
    };
  }
}
