/**
 * The inference engine: frame in, FrameAnalysis out. It knows nothing of the document that hosts
 * it (offscreen document in Chromium; a background page elsewhere): the host passes `assetUrl`.
 */
import { AttentionReader } from './attention/reader';
import { EyeClosure } from './attention/eye-closure';
import { selectBackend } from './backend';
import { ExpressionClassifier } from './classifier';
import { cutRgb, largest, rgbBytes, squareCrop } from './crop';
import { FaceFinder } from './detector';
import { placeDetector, wantedDetectorDelegate } from './detector-placement';
import { webglRenderer } from './gpu-probe';
import type { ModelAdapter } from './models/adapter';
import { assessFace, frameBrightness } from './quality';
import type { Calibration } from '../shared/calibration';
import { engagementOf, eyesOpenFor, isFacing } from '../shared/engagement';
import { BufferLender } from '../shared/buffer-lender';
import { messageOf } from '../shared/error-message';
import { rgbaBytes, rgbaOf, type RawFrame } from '../shared/frame';
import { errorOfText, localizedError, localizedText, textOfError, type LocalizedText } from '../shared/i18n';
import { topExpression, valenceOf } from '../shared/taxonomy';
import { ATTENTION_ONLY_MODEL_ID, type Backend, type BackendPreference, type DetectorDelegate, type EngineStatus, type FrameAnalysis } from '../shared/types';

export const TFJS_WASM_DIR = 'wasm/tfjs/';
/** After a failed start, wait this long before trying again (a corrupt file will not heal by itself). */
const RETRY_AFTER_ERROR_MS = 30_000;
/** FrameAnalysis.modelVersion in attention-only mode (the attention layer's own version). */
const ATTENTION_ONLY_VERSION = '1';

export interface EngineHost {
  /** Absolute URL of a file packaged with the extension. */
  assetUrl(path: string): string;
}

interface ReadyParts {
  backend: Backend;
  finder: FaceFinder;
  attention: AttentionReader;
  /** Null in attention-only mode: no expression model is fetched or loaded at all. */
  classifier: ExpressionClassifier | null;
}

/** How the engine runs; both ride with every frame from the background worker. */
export interface EngineMode {
  backend: BackendPreference;
  /** Managed policy (DESIGN.md rule 6): presence, head pose, eyes and gaze only. */
  attentionOnly: boolean;
}

/** tasks-vision uploads every frame through WebGL, whatever its delegate. */
function webglAvailable(): boolean {
  if (typeof OffscreenCanvas === 'undefined') return false;
  const canvas = new OffscreenCanvas(1, 1);
  return canvas.getContext('webgl2') !== null || canvas.getContext('webgl') !== null;
}

interface Disposable {
  dispose(): void;
}

function isDisposable(value: unknown): value is Disposable {
  return typeof (value as Disposable | null)?.dispose === 'function';
}

/**
 * Promise.all for parts loaded side by side: when one fails, the parts that did load are disposed
 * (a failed start is retried later and must not leave a model's weights behind), then the first
 * failure is thrown.
 */
async function allOrNothing<T extends readonly unknown[]>(parts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(parts);
  const failure = settled.find((result) => result.status === 'rejected');
  if (!failure) return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
  for (const result of settled) {
    if (result.status !== 'fulfilled') continue;
    for (const part of Array.isArray(result.value) ? result.value : [result.value]) if (isDisposable(part)) part.dispose();
  }
  throw failure.reason;
}

function roundProbability(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export class Engine {
  private parts: Promise<ReadyParts> | null = null;
  private status: EngineStatus = { state: 'idle', backend: null, detector: null, message: null, modelId: null };
  private failedAt = 0;
  private mode: EngineMode = { backend: 'auto', attentionOnly: false };
  private readonly eyes = new EyeClosure();
  /** The frame's RGBA pixels and the face crop's floats, reused from frame to frame. */
  private readonly buffers = new BufferLender();

  /** `detector`: a delegate to use instead of the one detector-placement.ts picks (tests and measurements compare them). */
  constructor(
    private readonly host: EngineHost,
    private readonly adapter: ModelAdapter,
    private readonly detector: DetectorDelegate | null = null,
  ) {}

  getStatus(): EngineStatus {
    return { ...this.status };
  }

  /** Changing the preferred backend restarts the engine on the next frame. */
  setPreference(preference: BackendPreference): void {
    this.setMode({ ...this.mode, backend: preference });
  }

  /** A new backend or a switch into or out of attention-only mode restarts the engine on the next frame. */
  setMode(mode: EngineMode): void {
    if (mode.backend === this.mode.backend && mode.attentionOnly === this.mode.attentionOnly) return;
    this.mode = { ...mode };
    void this.parts?.then(
      ({ finder, attention, classifier }) => {
        finder.dispose();
        attention.dispose();
        classifier?.dispose();
      },
      () => undefined,
    );
    this.parts = null;
  }

  private get modelId(): string {
    return this.mode.attentionOnly ? ATTENTION_ONLY_MODEL_ID : this.adapter.id;
  }

  private start(): Promise<ReadyParts> {
    const { backend: preference, attentionOnly } = this.mode;
    this.status = { state: 'loading', backend: null, detector: null, message: localizedText('engine_loadingModels'), modelId: this.modelId };
    const step = (message: LocalizedText) => {
      this.status = { ...this.status, message };
    };
    return (async () => {
      if (!webglAvailable()) throw localizedError('engine_noWebgl');
      // The detector (MediaPipe's own wasm) needs no TensorFlow.js backend: it loads while the backend starts and the tfjs models load.
      // As a pair, so that allOrNothing disposes the finder when another part fails.
      const assetUrl = (path: string) => this.host.assetUrl(path);
      // One WebGL probe serves both choices: the detector's delegate and the TensorFlow.js backend.
      const renderer = webglRenderer();
      const finding = placeDetector(this.detector ?? wantedDetectorDelegate(preference, renderer), (delegate) => FaceFinder.create(assetUrl, delegate)).then(
        ({ finder, fallback }) => [finder, fallback] as const,
        (error: unknown) => {
          const reason = messageOf(error);
          throw localizedError('engine_detectorMissing', { reason });
        },
      );
      const loading = (async () => {
        step(localizedText('engine_choosingBackend'));
        const choice = await selectBackend(preference, this.host.assetUrl(TFJS_WASM_DIR), renderer);
        step(localizedText(attentionOnly ? 'engine_loadingEyeModel' : 'engine_loadingExpressionModel', { backend: choice.backend }));
        return [choice, ...(await allOrNothing([
          AttentionReader.load(assetUrl),
          attentionOnly ? Promise.resolve(null) : ExpressionClassifier.load(this.adapter, this.host.assetUrl(this.adapter.modelPath)),
        ]))] as const;
      })();
      const [[finder, fallback], [choice, attention, classifier]] = await allOrNothing([finding, loading]);
      const fallbacks = fallback ? [...choice.fallbacks, fallback] : choice.fallbacks;
      this.status = {
        state: 'ready',
        backend: choice.backend,
        detector: finder.delegate,
        message: fallbacks.length ? localizedText('engine_fellBack', { reasons: fallbacks }) : null,
        modelId: this.modelId,
      };
      return { backend: choice.backend, finder, attention, classifier };
    })();
  }

  private ready(): Promise<ReadyParts> {
    if (this.status.state === 'error' && Date.now() - this.failedAt < RETRY_AFTER_ERROR_MS) {
      return Promise.reject(errorOfText(this.status.message ?? localizedText('notice_noReason')));
    }
    if (!this.parts) {
      this.parts = this.start().catch((error: unknown) => {
        this.parts = null;
        this.failedAt = Date.now();
        this.status = {
          state: 'error',
          backend: null,
          detector: null,
          message: textOfError(error),
          modelId: this.modelId,
        };
        throw error;
      });
    }
    return this.parts;
  }

  /** Loads the models ahead of the first frame; a failure shows in the status, and the next frame retries as usual. */
  async warm(): Promise<void> {
    await this.ready().catch(() => undefined);
  }

  /** `calibration`: the student's, from the background worker (null: population defaults). */
  async analyse(frame: RawFrame, calibration: Calibration | null = null): Promise<FrameAnalysis> {
    const parts = await this.ready();
    return this.buffers.with(rgbaBytes(frame), (rgba) => this.analyseWith(parts, frame, calibration, rgba));
  }

  /** `rgba`: a borrowed buffer for the frame's RGBA pixels. */
  private async analyseWith(parts: ReadyParts, frame: RawFrame, calibration: Calibration | null, rgba: ArrayBuffer): Promise<FrameAnalysis> {
    const { backend, finder, attention, classifier } = parts;
    const started = performance.now();
    const pixels = rgbaOf(frame, rgba);
    const image = new ImageData(pixels, frame.width, frame.height);
    const faces = finder.find(image);
    const face = largest(faces);
    const base = {
      faceCount: faces.length,
      backend,
      modelId: this.modelId,
      modelVersion: classifier ? this.adapter.version : ATTENTION_ONLY_VERSION,
      brightness: frameBrightness(pixels, frame.width, frame.height),
    };
    const nothing = { probabilities: null, top: null, valence: null };
    if (!face) {
      this.eyes.update(frame.time, null);
      const engagement = engagementOf({ faceFound: false, unknown: false, pose: null, eyeAspectRatio: null, eyesClosedMs: 0, probabilities: null }, calibration);
      return { ...base, ...nothing, faceFound: false, box: null, unknownReason: null, engagement, inferenceMs: performance.now() - started };
    }
    const box = {
      x: face.x / frame.width,
      y: face.y / frame.height,
      width: face.width / frame.width,
      height: face.height / frame.height,
    };
    const unknownReason = assessFace(pixels, frame.width, frame.height, face).reason;
    if (unknownReason) {
      this.eyes.update(frame.time, null);
      const engagement = engagementOf({ faceFound: true, unknown: true, pose: null, eyeAspectRatio: null, eyesClosedMs: 0, probabilities: null }, calibration);
      return { ...base, ...nothing, faceFound: true, box, unknownReason, engagement, inferenceMs: performance.now() - started };
    }
    const pose = attention.pose(face);
    // Eyes and gaze matter only while the head faces the screen: turned away is "not interested" already.
    const eyeReading = pose && isFacing(pose, calibration) ? await attention.eyes(pixels, frame.width, frame.height, face) : null;
    const eyeAspectRatio = eyeReading?.eyeAspectRatio ?? null;
    const eyesClosedMs = this.eyes.update(frame.time, eyeAspectRatio === null ? null : eyesOpenFor(eyeAspectRatio, calibration));
    let expression: Pick<FrameAnalysis, 'probabilities' | 'top' | 'valence'> = nothing;
    if (classifier) {
      const crop = squareCrop(face, frame.width, frame.height, this.adapter.cropMargin);
      const classified = await this.buffers.with(rgbBytes(crop), (floats) => classifier.classify(cutRgb(pixels, frame.width, crop, floats), crop.width));
      const probabilities = classified.map(roundProbability);
      const top = topExpression(probabilities);
      expression = { probabilities, top, valence: valenceOf(top) };
    }
    const engagement = engagementOf({ faceFound: true, unknown: false, pose, eyeAspectRatio, gaze: eyeReading?.gaze ?? null, eyesClosedMs, probabilities: expression.probabilities }, calibration);
    return { ...base, ...expression, faceFound: true, box, unknownReason: null, engagement, inferenceMs: performance.now() - started };
  }
}
