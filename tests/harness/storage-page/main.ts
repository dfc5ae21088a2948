/**
 * A plain page running the background worker's real SampleWriter against the browser's real
 * IndexedDB, so scripts/bench/idb-batching.ts can measure what writing samples costs the browser,
 * one transaction per sample or in batches, at a class's sampling rate.
 */
import { SampleWriter, type WriteTiming } from '../../../src/background/sample-writer';
import { engagementOf } from '../../../src/shared/engagement';
import { openRautDb, putSession, type RautDb } from '../../../src/shared/storage';
import { topExpression, valenceOf } from '../../../src/shared/taxonomy';
import type { SampleRecord } from '../../../src/shared/types';
import { makeSample, makeSession } from '../../helpers/records';

const SESSION_ID = 'bench-session';
let opening: Promise<RautDb> | null = null;

function database(): Promise<RautDb> {
  opening ??= (async () => {
    const db = await openRautDb('raut-idb-batching');
    await putSession(db, makeSession({ id: SESSION_ID, startedAt: Date.now() }));
    return db;
  })();
  return opening;
}

/** A sample as a face-found frame stores it: seven probabilities, a box, the engagement cues. */
function faceSample(time: number): SampleRecord {
  const probabilities = [0.02, 0.01, 0.03, 0.61, 0.05, 0.08, 0.2];
  const top = topExpression(probabilities);
  const engagement = engagementOf(
    { faceFound: true, unknown: false, pose: { yaw: 4, pitch: -6, roll: 1 }, eyeAspectRatio: 0.28, gaze: null, eyesClosedMs: 0, probabilities },
    null,
  );
  return makeSample({
    sessionId: SESSION_ID,
    time,
    faceFound: true,
    faceCount: 1,
    box: { x: 0.31, y: 0.22, width: 0.28, height: 0.37 },
    probabilities,
    top,
    valence: valenceOf(top),
    engagement,
  });
}

/** Adds `count` samples `intervalMs` apart, as a class would, and returns once all are stored. */
async function writeAtRate(timing: WriteTiming, count: number, intervalMs: number): Promise<number> {
  const writer = new SampleWriter(database, timing);
  await database();
  const adds: Promise<boolean>[] = [];
  for (let i = 0; i < count; i++) {
    adds.push(writer.add(faceSample(Date.now())));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  await writer.flush();
  await Promise.all(adds);
  return writer.batches;
}

/**
 * Fills the database as weeks of classes would (`count` samples, in large batches), so the
 * measured writes go to a grown database, not a new one: the first writes to a new one cost more.
 */
async function prefill(count: number): Promise<void> {
  const writer = new SampleWriter(database, { maxDelayMs: 60_000, maxBatch: 1000 });
  const start = Date.now() - count * 1000;
  const adds: Promise<boolean>[] = [];
  for (let i = 0; i < count; i++) adds.push(writer.add(faceSample(start + i * 1000)));
  await writer.flush();
  await Promise.all(adds);
}

Object.assign(window, { raut: { writeAtRate, prefill }, harnessReady: true });
