import { describe, expect, it } from 'vitest';
import {
  allSessionsFileName,
  allSessionsToJson,
  CSV_COLUMNS,
  csvField,
  exportFileName,
  ExportFormatError,
  parseExport,
  sessionToCsv,
  sessionToJson,
  sessionToText,
} from '../../src/shared/export';
import { SCHEMA_VERSION } from '../../src/shared/schema';
import { EXPRESSIONS } from '../../src/shared/taxonomy';
import type { Expression } from '../../src/shared/taxonomy';
import type { EngagementCues } from '../../src/shared/engagement';
import type { SampleRecord, UnknownReason } from '../../src/shared/types';
import { localizerFor } from '../helpers/i18n';
import { makeFaceSample, makeSample, makeSession, makeUnknownFaceSample } from '../helpers/records';

const en = localizerFor('en');
const id = localizerFor('id');

// Built from local time so the file-name and text dates do not depend on the test machine's zone.
const T0 = new Date(2026, 10, 23, 14, 5, 0).getTime();
const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);

const session = makeSession({
  title: 'Maths, "week 3"\nrevision',
  startedAt: T0,
  lastSampleAt: T0 + 4000,
  endedAt: T0 + 125_000,
  status: 'ended',
  endReason: 'left the class',
  sampleCount: 5,
  backend: 'webgl',
  modelId: 'fer-mini',
});

/** This file's samples: fer-mini 1.0 on WebGL, with ids in capture order. */
const at = (time: number): Partial<SampleRecord> => ({
  id: time - T0 + 1,
  time,
  backend: 'webgl',
  modelId: 'fer-mini',
  modelVersion: '1.0',
});

const base = (time: number): SampleRecord => makeSample(at(time));

function face(top: Expression, time: number): SampleRecord {
  const box = { x: 0.123456, y: 0.2, width: 0.5, height: 1 / 3 };
  return makeFaceSample(top, { ...at(time), box });
}

const unknownFace = (reason: UnknownReason, time: number): SampleRecord => makeUnknownFaceSample(reason, at(time));

const samples: SampleRecord[] = [
  face('happy', T0 + 2000),
  face('sad', T0),
  face('neutral', T0 + 1000),
  unknownFace('too-dark', T0 + 3000),
  base(T0 + 4000),
];

/** Minimal RFC 4180 reader: rows of cells, honouring quoted commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += char;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('csvField', () => {
  it('quotes a title with commas, quotes and newlines', () => {
    expect(csvField('Maths, "week 3"')).toBe('"Maths, ""week 3"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('plain')).toBe('plain');
  });
});

describe('sessionToCsv', () => {
  const csv = sessionToCsv(session, samples);
  const rows = parseCsv(csv);

  it('has the stable header and a trailing newline', () => {
    expect(csv.split('\n')[0]).toBe(
      'session_id,time_iso,time_ms,face_found,face_count,box_x,box_y,box_w,box_h,' +
        'angry,disgust,fear,happy,sad,surprise,neutral,top,valence,unknown_reason,backend,model_id,model_version,' +
        'interest,concentration_index,engagement_level,yaw_deg,pitch_deg,roll_deg,facing,eyes_open,eye_aspect_ratio,gaze_weight,calibrated,' +
        'smoothing,smoothing_s,gaze_x,gaze_y',
    );
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv.endsWith('\n\n')).toBe(false);
  });

  it('writes one row per sample in time order, each as wide as the header', () => {
    expect(rows).toHaveLength(samples.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(rows.slice(1).map((row) => row[2])).toEqual(['0', '1000', '2000', '3000', '4000'].map((d) => String(T0 + Number(d))));
  });

  it('rounds to 4 decimals and leaves missing values empty', () => {
    const byColumn = (row: string[]) => Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, row[i]]));
    const sad = byColumn(rows[1] ?? []);
    expect(sad).toMatchObject({
      session_id: 's1',
      time_iso: new Date(T0).toISOString(),
      face_found: 'true',
      face_count: '1',
      box_x: '0.1235',
      box_h: '0.3333',
      sad: '0.7000',
      happy: '0.0500',
      top: 'sad',
      valence: 'negative',
      unknown_reason: '',
      backend: 'webgl',
      model_id: 'fer-mini',
      model_version: '1.0',
    });
    const dark = byColumn(rows[4] ?? []);
    expect(dark).toMatchObject({ face_found: 'true', angry: '', top: '', valence: '', unknown_reason: 'too-dark' });
    const none = byColumn(rows[5] ?? []);
    expect(none).toMatchObject({ face_found: 'false', face_count: '0', box_x: '', neutral: '', top: '' });
  });

  it('quotes text fields that hold commas, quotes or newlines', () => {
    const odd = { ...base(T0), sessionId: 'a,"b"', modelId: 'model\nx' };
    const oddRows = parseCsv(sessionToCsv(session, [odd]));
    expect(oddRows).toHaveLength(2);
    expect(oddRows[1]).toHaveLength(CSV_COLUMNS.length);
    expect(oddRows[1]?.[0]).toBe('a,"b"');
    expect(oddRows[1]?.[CSV_COLUMNS.indexOf('model_id')]).toBe('model\nx');
  });

  it('is just the header for an empty session', () => {
    expect(sessionToCsv(session, [])).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });
});

const ENGAGED: EngagementCues = {
  interest: 'interested',
  yaw: -12.3,
  pitch: 4,
  roll: 1.5,
  facing: true,
  eyeAspectRatio: 0.281,
  eyesOpen: true,
  gazeX: -0.042,
  gazeY: -0.117,
  gazeCentred: true,
  gazeWeight: 5,
  concentrationIndex: 0.6,
  level: 'nominally-engaged',
  calibrated: false,
};
/** Attention-only: head turned, no concentration index, eyes not measured. */
const TURNED: EngagementCues = { interest: 'not-interested', yaw: 41, pitch: -2, roll: 0, facing: false, gazeWeight: 2, calibrated: true };

const engagedSamples: SampleRecord[] = [
  { ...face('neutral', T0), engagement: ENGAGED },
  { ...makeSample({ ...at(T0 + 1000), faceFound: true, faceCount: 1, modelId: 'attention-only' }), engagement: TURNED },
  { ...base(T0 + 2000), engagement: { interest: 'not-detected' } },
  // Stored before the engagement layer: no cues.
  face('happy', T0 + 3000),
];

describe('engagement columns', () => {
  const rows = parseCsv(sessionToCsv(session, engagedSamples));
  const byColumn = (row: string[] | undefined) => Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, row?.[i]]));

  it('writes each measured cue and leaves unmeasured ones empty', () => {
    expect(CSV_COLUMNS.slice(-2), 'gaze columns appended last').toEqual(['gaze_x', 'gaze_y']);
    expect(byColumn(rows[1])).toMatchObject({
      interest: 'interested',
      concentration_index: '0.600',
      engagement_level: 'nominally-engaged',
      yaw_deg: '-12.3',
      pitch_deg: '4.0',
      roll_deg: '1.5',
      facing: 'true',
      eyes_open: 'true',
      eye_aspect_ratio: '0.281',
      gaze_weight: '5',
      calibrated: 'false',
      gaze_x: '-0.042',
      gaze_y: '-0.117',
    });
    expect(byColumn(rows[2])).toMatchObject({
      interest: 'not-interested',
      concentration_index: '',
      engagement_level: '',
      yaw_deg: '41.0',
      facing: 'false',
      eyes_open: '',
      eye_aspect_ratio: '',
      gaze_weight: '2',
      calibrated: 'true',
      gaze_x: '',
      gaze_y: '',
    });
    expect(byColumn(rows[3])).toMatchObject({ interest: 'not-detected', yaw_deg: '', facing: '', gaze_weight: '', gaze_x: '', gaze_y: '' });
  });

  it('labels a record from before the engagement layer as the summary does (a face: unknown)', () => {
    expect(byColumn(rows[4])).toMatchObject({ face_found: 'true', interest: 'unknown', concentration_index: '', yaw_deg: '', calibrated: '' });
  });

  it('carries the per-frame cues in the JSON export and reads them back', () => {
    const parsed = parseExport(sessionToJson(session, engagedSamples, NOW));
    if (!('samples' in parsed)) throw new Error('expected a one-session export');
    expect(parsed.samples.map((sample) => sample.engagement)).toEqual([ENGAGED, TURNED, { interest: 'not-detected' }, {}]);
    expect(parsed.summary.interest).toMatchObject({
      samples: 4,
      interested: { count: 1, percent: 25 },
      notInterested: { count: 1, percent: 25 },
      notDetected: { count: 1, percent: 25 },
      unknown: { count: 1, percent: 25 },
    });
    expect(parsed.summary.meanEngagement).toBeCloseTo((0.6 + 0.4) / 2, 10);
  });

  it('reads version 1 and 2 exports whose samples have no engagement field', () => {
    for (const version of [1, 2]) {
      const document = JSON.parse(allSessionsToJson([{ session, samples }], NOW));
      document.schemaVersion = version;
      for (const sample of document.sessions[0].samples) delete sample.engagement;
      const parsed = parseExport(JSON.stringify(document));
      if (!('sessions' in parsed)) throw new Error('expected an all-sessions export');
      const [only] = parsed.sessions;
      expect(only?.samples.every((sample) => JSON.stringify(sample.engagement) === '{}')).toBe(true);
      expect(only?.summary.interest.notDetected.count).toBe(1);
      expect(only?.summary.interest.unknown.count).toBe(4);
    }
  });

  it('still refuses engagement that is not a flat object', () => {
    const document = JSON.parse(sessionToJson(session, engagedSamples, NOW));
    document.samples[0].engagement = { interest: 'interested', pose: { yaw: 1 } };
    expect(() => parseExport(JSON.stringify(document))).toThrow('samples[0].engagement must be an object of numbers, strings and booleans');
    document.samples[0].engagement = 'interested';
    expect(() => parseExport(JSON.stringify(document))).toThrow('samples[0].engagement must be');
  });

  it('adds the research table and the mean engagement to the text, in each language', () => {
    const english = sessionToText(session, engagedSamples, en);
    expect(english).toContain('Interest (share of all samples)\n');
    expect(english).toMatch(/^ {2}Samples +4$/m);
    expect(english).toMatch(/^ {2}Interested +1 +25\.0%$/m);
    expect(english).toMatch(/^ {2}Not interested +1 +25\.0%$/m);
    expect(english).toMatch(/^ {2}Not detected +1 +25\.0%$/m);
    expect(english).toMatch(/^ {2}Unknown +1 +25\.0%$/m);
    expect(english).toContain('Mean engagement: 50%');

    const indonesian = sessionToText(session, engagedSamples, id);
    expect(indonesian).toMatch(/^ {2}Tertarik +1 +25,0%$/m);
    expect(indonesian).toMatch(/^ {2}Tidak tertarik +1 +25,0%$/m);
    expect(indonesian).toMatch(/^ {2}Tidak terdeteksi +1 +25,0%$/m);
    expect(indonesian).toContain('Rata-rata keterlibatan: 50%');
    expect(indonesian).not.toMatch(/Interested|Mean engagement/);
  });

  it('says so when no frame had an engagement value', () => {
    expect(sessionToText(session, samples, en)).toContain('Mean engagement: not measured');
  });
});

describe('sessionToJson / allSessionsToJson / parseExport', () => {
  it('exports a pretty-printed document that round-trips through parseExport', () => {
    const json = sessionToJson(session, samples, NOW);
    expect(json).toContain(`\n  "schemaVersion": ${SCHEMA_VERSION},`);
    const document = JSON.parse(json);
    expect(document).toMatchObject({ schemaVersion: SCHEMA_VERSION, exportedAt: new Date(NOW).toISOString(), app: 'raut' });
    expect(document.summary.classified).toBe(3);
    expect(document.samples.map((s: SampleRecord) => s.time)).toEqual([0, 1000, 2000, 3000, 4000].map((d) => T0 + d));
    expect(parseExport(json)).toEqual(document);
  });

  it('round-trips all sessions in one document', () => {
    const other = { ...session, id: 's2', title: 'Other' };
    const json = allSessionsToJson(
      [
        { session, samples },
        { session: other, samples: [] },
      ],
      NOW,
    );
    const parsed = parseExport(json);
    expect(parsed).toEqual(JSON.parse(json));
    expect('sessions' in parsed && parsed.sessions.map((entry) => entry.session.id)).toEqual(['s1', 's2']);
  });

  it('recomputes the summary instead of trusting the file', () => {
    const document = JSON.parse(sessionToJson(session, samples, NOW));
    document.summary = { frames: 999 };
    const parsed = parseExport(JSON.stringify(document));
    expect('summary' in parsed && parsed.summary.frames).toBe(samples.length);
  });

  it('rejects another schema version with a clear message', () => {
    const document = JSON.parse(sessionToJson(session, samples, NOW));
    document.schemaVersion = SCHEMA_VERSION + 1;
    expect(() => parseExport(JSON.stringify(document))).toThrow(
      `schema version ${SCHEMA_VERSION + 1} comes from a newer Raut; this one reads versions 1 to ${SCHEMA_VERSION}`,
    );
    document.schemaVersion = 0;
    expect(() => parseExport(JSON.stringify(document))).toThrow('comes from an older Raut');
    delete document.schemaVersion;
    expect(() => parseExport(JSON.stringify(document))).toThrow('schemaVersion must be a whole number');
  });

  it('still reads exports from schema version 1 (same layout)', () => {
    const document = JSON.parse(sessionToJson(session, samples, NOW));
    document.schemaVersion = 1;
    expect(parseExport(JSON.stringify(document)).schemaVersion).toBe(1);
  });

  it('rejects garbage with a clear message', () => {
    expect(() => parseExport('not json')).toThrow(ExportFormatError);
    expect(() => parseExport('not json')).toThrow('the file is not JSON');
    expect(() => parseExport('[1, 2]')).toThrow('Not a valid Raut export: the document must be an object.');
    expect(() => parseExport('{"app": "other"}')).toThrow('app must be "raut"');
    expect(() => parseExport(`{"app": "raut", "schemaVersion": ${SCHEMA_VERSION}, "exportedAt": "x"}`)).toThrow(
      'session must be an object',
    );
  });

  it('names the offending field', () => {
    const document = JSON.parse(allSessionsToJson([{ session, samples }], NOW));
    document.sessions[0].samples[2].probabilities = [0.5, 0.5];
    expect(() => parseExport(JSON.stringify(document))).toThrow('sessions[0].samples[2].probabilities must be null or 7 numbers');

    const single = JSON.parse(sessionToJson(session, samples, NOW));
    single.samples[0].sessionId = 'elsewhere';
    expect(() => parseExport(JSON.stringify(single))).toThrow("samples[0].sessionId must be the session's id (s1)");
    single.session.platform = 'teams';
    expect(() => parseExport(JSON.stringify(single))).toThrow('session.platform must be one of meet, zoom, bbb, demo');
  });
});

describe('sessionToText', () => {
  const text = sessionToText(session, samples, en);

  it('lists every expression, the reactions, the frames and the impression', () => {
    for (const expression of EXPRESSIONS) {
      const label = expression.charAt(0).toUpperCase() + expression.slice(1);
      expect(text).toMatch(new RegExp(`^  ${label} +\\d+ +\\d+\\.\\d%$`, 'm'));
    }
    expect(text).toMatch(/^ {2}Happy +1 +33\.3%$/m);
    expect(text).toMatch(/^ {2}Positive +1 +33\.3%$/m);
    expect(text).toMatch(/^ {2}Negative +1 +33\.3%$/m);
    expect(text).toMatch(/^ {2}Not detected +1 +20\.0%$/m);
    expect(text).toMatch(/^ {2}Unknown +1 +20\.0%$/m);
    expect(text).toMatch(/^ {4}too dark +1$/m);
    expect(text).toContain('Impression: Good');
    expect(text).toContain('Good when positive + neutral > negative, otherwise Bad.');
    expect(text).toContain('Here: positive 33.3% + neutral 33.3% = 66.7% > negative 33.3%');
    expect(text).toContain('Title:     Maths, "week 3" revision\n');
    expect(text).toContain('Model:     fer-mini');
    expect(text).toContain('Backend:   webgl');
    expect(text).toContain('Platform:  Demo class');
    // The span formatted by Intl for the reader's language: date once, both times.
    expect(text).toContain(`Date:      ${en.format.dateTimeRange(T0, T0 + 125_000)} (local time)`);
    expect(text).toMatch(/^Date: +23 Nov 2026,? 14:05\s*[–-]\s*14:07 \(local time\)$/m);
    expect(text).toContain(`Duration:  ${en.format.duration(125_000)}`);
  });

  it('aligns the percentage column', () => {
    const percentColumns = text
      .split('\n')
      .filter((line) => /^ {2}[A-Z][a-z ]+ +\d+ +\d+\.\d%$/.test(line))
      .map((line) => line.length);
    // Expressions, reactions, the interest table's four labels, not detected and unknown among the frames.
    expect(percentColumns).toHaveLength(EXPRESSIONS.length + 3 + 4 + 2);
    expect(new Set(percentColumns).size).toBe(1);
  });

  it('spells out a Bad impression at the boundary', () => {
    const boundary = sessionToText(session, [face('happy', T0), face('angry', T0 + 1)], en);
    expect(boundary).toContain('Impression: Bad');
    expect(boundary).toContain('= 50.0% <= negative 50.0%');
  });

  it('reads sensibly for an empty session', () => {
    const empty = sessionToText({ ...session, endedAt: null }, [], en);
    expect(empty).toContain('Impression: None (no classified frames)');
    expect(empty).toMatch(/^ {2}Happy +0 +0\.0%$/m);
    expect(empty).not.toMatch(/NaN|Infinity|undefined/);
    expect(empty).toContain(`Duration:  ${en.format.duration(0)}`);
  });

  it('is written in Indonesian, with the research terms, Indonesian numbers and aligned columns', () => {
    const indonesian = sessionToText(session, samples, id);
    expect(indonesian.split('\n').slice(0, 2)).toEqual(['Ringkasan sesi Raut', '===================']);
    for (const name of ['Marah', 'Jijik', 'Takut', 'Senang', 'Sedih', 'Terkejut', 'Netral']) {
      expect(indonesian).toMatch(new RegExp(`^  ${name} +\\d+ +\\d+,\\d%$`, 'm'));
    }
    expect(indonesian).toMatch(/^ {2}Senang +1 +33,3%$/m);
    expect(indonesian).toMatch(/^ {2}Positif +1 +33,3%$/m);
    expect(indonesian).toMatch(/^ {2}Tidak terdeteksi +1 +20,0%$/m);
    expect(indonesian).toMatch(/^ {4}terlalu gelap +1$/m);
    expect(indonesian).toContain('Kesan: Baik');
    expect(indonesian).toContain('Aturan: Kesan baik jika ekspresi positif + netral > negatif; selain itu kesan buruk.');
    expect(indonesian).toContain('Di sini: positif 33,3% + netral 33,3% = 66,7% > negatif 33,3%');
    expect(indonesian).toContain('Platform:  Kelas demo\n');
    expect(indonesian).toContain('Durasi:    2 menit 5 detik\n');
    expect(indonesian).toMatch(/^Tanggal: +23 Nov 2026,? 14\.05\s*[–-]\s*14\.07 \(waktu setempat\)$/m);
    expect(indonesian).not.toMatch(/Impression|Expressions|Not detected|Duration/);
    // Every count/percent row of a table ends in the same column, however long the Indonesian label.
    const rows = indonesian.split('\n').filter((line) => /^ {2}\S.* +\d+ +\d+,\d%$/.test(line));
    expect(rows).toHaveLength(EXPRESSIONS.length + 3 + 4 + 2);
    expect(new Set(rows.map((line) => line.length)).size).toBe(1);
  });

  it('keeps the CSV and JSON machine names in English whatever the language', () => {
    expect(sessionToCsv(session, samples).split('\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(Object.keys(JSON.parse(sessionToJson(session, samples, NOW)).summary)).toContain('notDetected');
  });
});

describe('file names', () => {
  it('builds a safe name from the local start time, platform and title', () => {
    expect(exportFileName(session, 'csv')).toBe('raut-2026-11-23-1405-demo-maths-week-3-revision.csv');
    expect(exportFileName({ ...session, title: 'Demo' }, 'json')).toBe('raut-2026-11-23-1405-demo.json');
    expect(exportFileName({ ...session, platform: 'meet', title: 'Kelas Ä / ../..' }, 'txt')).toBe(
      'raut-2026-11-23-1405-meet-kelas-a.txt',
    );
    expect(exportFileName({ ...session, title: '' }, 'csv')).toMatch(/^[a-z0-9-]+\.csv$/);
  });

  it('names the all-sessions export', () => {
    expect(allSessionsFileName(T0)).toBe('raut-all-2026-11-23-1405.json');
  });
});

describe('smoothed samples', () => {
  // Raw frame probabilities say happy; the smoothed reading (top, valence) still says neutral.
  const raw = EXPRESSIONS.map((e) => (e === 'happy' ? 0.6 : e === 'neutral' ? 0.3 : 0.02));
  const smoothedProbabilities = EXPRESSIONS.map((e) => (e === 'happy' ? 0.35 : e === 'neutral' ? 0.55 : 0.02));
  const smoothedSample: SampleRecord = {
    ...face('neutral', T0),
    probabilities: raw,
    smoothed: { method: 'exponential', seconds: 0.5, probabilities: smoothedProbabilities },
  };
  const byColumn = (row: string[] | undefined) => Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, row?.[i]]));

  it('writes the raw probabilities, the smoothed top and the method; empty for unsmoothed samples', () => {
    const rows = parseCsv(sessionToCsv(session, [smoothedSample, face('happy', T0 + 1000)]));
    expect(CSV_COLUMNS.slice(-4, -2)).toEqual(['smoothing', 'smoothing_s']);
    expect(byColumn(rows[1])).toMatchObject({ happy: '0.6000', neutral: '0.3000', top: 'neutral', valence: 'neutral', smoothing: 'exponential', smoothing_s: '0.50' });
    expect(byColumn(rows[2])).toMatchObject({ top: 'happy', smoothing: '', smoothing_s: '' });
  });

  it('round-trips through the JSON export and refuses a malformed smoothed field', () => {
    const parsed = parseExport(sessionToJson(session, [smoothedSample], NOW));
    if (!('samples' in parsed)) throw new Error('expected a one-session export');
    expect(parsed.samples[0]?.smoothed).toEqual(smoothedSample.smoothed);
    const document = JSON.parse(sessionToJson(session, [smoothedSample], NOW));
    document.samples[0].smoothed = { method: 'median', seconds: 1, probabilities: smoothedProbabilities };
    expect(() => parseExport(JSON.stringify(document))).toThrow('samples[0].smoothed must be when present');
  });
});
