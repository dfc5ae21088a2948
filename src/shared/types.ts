import type { DisplayText, LanguageSetting } from './i18n';
import type { EngagementCues, StoredEngagement } from './engagement';
import type { Expression, ValenceGroup } from './taxonomy';
import type { OrgPolicy } from './policy';
import type { SmoothingMethod } from './smoothing';

/** Where a class runs. `demo` is the bundled demo class page. */
export const PLATFORMS = ['meet', 'zoom', 'bbb', 'demo'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Inference backends in the order Raut tries them. */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];
/** "auto" tries the backends in order; a named one is tried first (for troubleshooting and tests). */
export type BackendPreference = Backend | 'auto';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', ...BACKENDS];

/** A face box in the coordinates of the sampled frame, normalised to 0..1. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Why a frame with a face was not classified (quality gates). */
export const UNKNOWN_REASONS = ['too-dark', 'overexposed', 'too-blurred', 'face-too-small', 'face-cut'] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

/** What the offscreen engine says about one frame. Never contains pixels. */
export interface FrameAnalysis {
  faceFound: boolean;
  faceCount: number;
  box: FaceBox | null;
  /** 7 probabilities in taxonomy order, or null when no face / unknown. */
  probabilities: number[] | null;
  top: Expression | null;
  valence: ValenceGroup | null;
  /** Set when a face was found but a quality gate refused it. */
  unknownReason: UnknownReason | null;
  /** Mean brightness 0..255 of the frame (for the dark-frame message). */
  brightness: number;
  backend: Backend;
  /** The expression model's id, or ATTENTION_ONLY_MODEL_ID when none was loaded. */
  modelId: string;
  modelVersion: string;
  /** Head pose, eyes, concentration index and interest label (src/shared/engagement.ts). */
  engagement: EngagementCues;
  inferenceMs: number;
}

/** FrameAnalysis.modelId in attention-only mode: no expression model exists in the engine. */
export const ATTENTION_ONLY_MODEL_ID = 'attention-only';

/** One stored sample (the research "frame"). Schema: see storage.ts. */
export interface SampleRecord extends Omit<FrameAnalysis, 'brightness' | 'inferenceMs' | 'engagement'> {
  /** Auto-increment key assigned by IndexedDB. */
  id?: number;
  sessionId: string;
  /** Epoch milliseconds when the frame was captured. */
  time: number;
  /** Engagement cues (src/shared/engagement.ts); records from before that layer hold an empty object. */
  engagement: StoredEngagement;
  /**
   * Present when `top` and `valence` were derived from probabilities smoothed over recent frames
   * (src/shared/smoothing.ts) instead of this frame's own `probabilities`, which always stay the
   * model's raw output. Absent: smoothing was off, or the record predates smoothing.
   */
  smoothed?: SmoothedExpression;
}

/** How a sample's `top` and `valence` were smoothed, and the probabilities they come from. */
export interface SmoothedExpression {
  method: Exclude<SmoothingMethod, 'off'>;
  /** The half-life (exponential) or window length (window) in seconds. */
  seconds: number;
  /** 7 smoothed probabilities in taxonomy order. */
  probabilities: number[];
}

export type SessionStatus = 'active' | 'ended';

export interface SessionRecord {
  id: string;
  platform: Platform;
  /** The class title when the page gives one, otherwise the page's host. */
  title: string;
  url: string;
  startedAt: number;
  /** Time of the last stored sample (kept up to date while active). */
  lastSampleAt: number | null;
  endedAt: number | null;
  status: SessionStatus;
  /** Why the session ended (tab closed, left the class, …). */
  endReason: string | null;
  sampleCount: number;
  /** Last backend and model used, for display and export. */
  backend: Backend | null;
  modelId: string | null;
}

export interface Settings {
  /** Frames analysed per second (0.2 … 5). */
  samplesPerSecond: number;
  /** Platforms on which Raut analyses. */
  platforms: Record<Platform, boolean>;
  /** Local retention in days; sessions older than this are deleted. */
  retentionDays: number;
  /** Extra BigBlueButton/Moodle host patterns the user granted (e.g. https://bbb.school.id/*). */
  extraHosts: string[];
  /** Global pause: no analysis anywhere while true. */
  paused: boolean;
  /** Frame width sent to the engine (px). */
  frameWidth: number;
  backendPreference: BackendPreference;
  /** The language of Raut's pages and badge; "auto" follows the browser. */
  language: LanguageSetting;
  /** The student's own attention-only mode: no expression model is loaded (a school can force it by policy). */
  attentionOnly: boolean;
  /** Temporal smoothing of the expression over recent frames (src/shared/smoothing.ts). */
  smoothing: SmoothingMethod;
}

export const DEFAULT_SETTINGS: Settings = {
  samplesPerSecond: 1,
  platforms: { meet: true, zoom: true, bbb: true, demo: true },
  retentionDays: 30,
  extraHosts: [],
  paused: false,
  frameWidth: 320,
  backendPreference: 'auto',
  language: 'auto',
  attentionOnly: false,
  smoothing: 'exponential',
};

export const SAMPLE_RATE_LIMITS = { min: 0.2, max: 5 } as const;
export const RETENTION_LIMITS = { min: 1, max: 365 } as const;

/** The live state the popup shows, owned by the background worker. */
export interface LiveStatus {
  /** Analysing right now in some tab. */
  analysing: boolean;
  paused: boolean;
  /** The class tab's camera state as the hook last reported it. */
  camera: 'none' | 'live' | 'off' | 'ended' | 'denied' | 'error';
  sessionId: string | null;
  tabId: number | null;
  platform: Platform | null;
  lastAnalysis: (FrameAnalysis & { time: number }) | null;
  /** Seconds since a face was last seen in the active session (null when no session). */
  secondsWithoutFace: number | null;
  engine: EngineStatus;
  /** The school's managed policy (what is switched off) and any of its values that were ignored. */
  policy: OrgPolicy;
  policyProblems: DisplayText[];
  /** No expression model in use: the student's setting or the school's policy (`policy.attentionOnly` says which). */
  attentionOnly: boolean;
}

/** Where MediaPipe runs the face detector: its wasm (XNNPACK) build, or WebGL shaders on the GPU. */
export const DETECTOR_DELEGATES = ['CPU', 'GPU'] as const;
export type DetectorDelegate = (typeof DETECTOR_DELEGATES)[number];

export interface EngineStatus {
  state: 'idle' | 'loading' | 'ready' | 'error';
  backend: Backend | null;
  /** Null until the detector is loaded. */
  detector: DetectorDelegate | null;
  /** The loading step, a fallback or an error, worded by the popup; plain text is a technical detail shown as it is. */
  message: DisplayText | null;
  modelId: string | null;
}
