/**
 * Factories for the records Raut stores (sessions and samples), shared by the unit and
 * end-to-end tests. Each returns a fresh plain object (safe to hand to `page.evaluate`), built
 * from neutral defaults plus the overrides a test cares about.
 */
import { EXPRESSIONS, valenceOf, type Expression } from '../../src/shared/taxonomy';
import type { FaceBox, FrameAnalysis, SampleRecord, SessionRecord, UnknownReason } from '../../src/shared/types';

/**
 * A session as `startSession` creates it: active, nothing sampled yet. The title defaults to
 * `Class <id>`.
 */
export function makeSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const id = overrides.id ?? 's1';
  return {
    id,
    platform: 'demo',
    title: `Class ${id}`,
    url: 'http://localhost/demo',
    startedAt: 0,
    lastSampleAt: null,
    endedAt: null,
    status: 'active',
    endReason: null,
    sampleCount: 0,
    backend: null,
    modelId: null,
    ...overrides,
  };
}

type FaceFields = 'faceFound' | 'faceCount' | 'box' | 'probabilities' | 'top' | 'valence' | 'unknownReason';

/** The analysis fields of a frame in which no face was found. */
export const NO_FACE: Readonly<Pick<FrameAnalysis, FaceFields>> = Object.freeze({
  faceFound: false,
  faceCount: 0,
  box: null,
  probabilities: null,
  top: null,
  valence: null,
  unknownReason: null,
});

/**
 * A stored sample of session `s1` at time 0 in which no face was found, analysed by the
 * bundled Human emotion model on WASM. An `id` override stays the record's first key, where
 * IndexedDB's reads put it.
 */
export function makeSample(overrides: Partial<SampleRecord> = {}): SampleRecord {
  const sample: SampleRecord = {
    sessionId: 's1',
    time: 0,
    ...NO_FACE,
    backend: 'wasm',
    modelId: 'human-emotion',
    modelVersion: '3.3.6',
    engagement: {},
  };
  return 'id' in overrides ? { id: overrides.id, ...sample, ...overrides } : { ...sample, ...overrides };
}

/** Probabilities in taxonomy order: `high` on `top`, `low` on every other class (default 0.7 / 0.05, summing to 1). */
export function probabilitiesFor(top: Expression, high = 0.7, low = 0.05): number[] {
  return EXPRESSIONS.map((expression) => (expression === top ? high : low));
}

/** The face box of `makeFaceSample` unless a test gives its own. */
export const FACE_BOX: Readonly<FaceBox> = Object.freeze({ x: 0.25, y: 0.2, width: 0.5, height: 0.6 });

/** A sample with one face classified as `top` (see `probabilitiesFor` for the default probabilities). */
export function makeFaceSample(top: Expression, overrides: Partial<SampleRecord> = {}): SampleRecord {
  return makeSample({
    faceFound: true,
    faceCount: 1,
    box: { ...FACE_BOX },
    probabilities: probabilitiesFor(top),
    top,
    valence: valenceOf(top),
    ...overrides,
  });
}

/** A sample with one face that a quality gate refused, so it has no class. */
export function makeUnknownFaceSample(reason: UnknownReason, overrides: Partial<SampleRecord> = {}): SampleRecord {
  return makeSample({
    faceFound: true,
    faceCount: 1,
    box: { x: 0, y: 0, width: 0.1, height: 0.1 },
    unknownReason: reason,
    ...overrides,
  });
}

/** A one-minute session of the demo class that ended long ago (retention, History). */
export function endedSession(id: string, startedAt: number): SessionRecord {
  return makeSession({
    id,
    url: 'http://127.0.0.1/raut-demo/',
    startedAt,
    lastSampleAt: startedAt + 60_000,
    endedAt: startedAt + 60_000,
    status: 'ended',
    endReason: 'tab closed',
    sampleCount: 1,
    backend: 'wasm',
    modelId: 'human-emotion',
  });
}

/** A one-hot "happy" sample, as the bundled model on WASM stores it. */
export function happySample(sessionId: string, time: number): SampleRecord {
  return makeFaceSample('happy', {
    sessionId,
    time,
    box: { x: 0.3, y: 0.2, width: 0.3, height: 0.4 },
    probabilities: probabilitiesFor('happy', 1, 0),
  });
}
