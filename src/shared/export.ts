/**
 * Export formats (CSV, JSON, plain text) and the JSON import check. Pure functions returning
 * strings; the popup turns them into downloads. All numbers come from summary.ts. CSV and JSON
 * keep English machine names; the plain text is written in the reader's language.
 */
import { SCHEMA_VERSION } from './schema';
import type { Localizer } from './i18n';
import { hasEngagementCues, type EngagementCues } from './engagement';
import { EXPRESSION_KEYS, INTEREST_KEYS, PLATFORM_KEYS, UNKNOWN_REASON_KEYS, VALENCE_KEYS } from './i18n-labels';
import { interestOf, sortedByTime, summarizeSession } from './summary';
import type { SessionSummary } from './summary';
import { EXPRESSIONS, VALENCE_GROUPS } from './taxonomy';
import { BACKENDS, PLATFORMS, UNKNOWN_REASONS } from './types';
import type { FaceBox, SampleRecord, SessionRecord, SmoothedExpression } from './types';
import { isFiniteNumber, isIntegerInRange, isOneOf, isRecord } from './validate';
import type { Guard } from './validate';

export const EXPORT_APP = 'raut';

export interface ExportedSession {
  session: SessionRecord;
  summary: SessionSummary;
  samples: SampleRecord[];
}

export interface SessionExport extends ExportedSession {
  schemaVersion: number;
  /** ISO 8601. */
  exportedAt: string;
  app: typeof EXPORT_APP;
}

export interface AllSessionsExport {
  schemaVersion: number;
  exportedAt: string;
  app: typeof EXPORT_APP;
  sessions: ExportedSession[];
}

export type RautExport = SessionExport | AllSessionsExport;

export type ExportExtension = 'csv' | 'json' | 'txt';

// ---------------------------------------------------------------------------------------------
// CSV

/** Stable machine column names; analysis scripts depend on them, so only ever append. */
export const CSV_COLUMNS = [
  'session_id',
  'time_iso',
  'time_ms',
  'face_found',
  'face_count',
  'box_x',
  'box_y',
  'box_w',
  'box_h',
  ...EXPRESSIONS,
  'top',
  'valence',
  'unknown_reason',
  'backend',
  'model_id',
  'model_version',
  // Engagement cues (src/shared/engagement.ts); empty where a cue was not measured.
  'interest',
  'concentration_index',
  'engagement_level',
  'yaw_deg',
  'pitch_deg',
  'roll_deg',
  'facing',
  'eyes_open',
  'eye_aspect_ratio',
  'gaze_weight',
  'calibrated',
  // Set when top and valence come from smoothed probabilities (the expression columns stay raw); empty otherwise.
  'smoothing',
  'smoothing_s',
  // Gaze from the eye net (EngagementCues.gazeX / gazeY, half eye widths); empty where not read.
  'gaze_x',
  'gaze_y',
] as const;

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function decimals4(value: number | null | undefined): string {
  return isFiniteNumber(value) ? value.toFixed(4) : '';
}

function decimals(value: number | undefined, digits: number): string {
  return isFiniteNumber(value) ? value.toFixed(digits) : '';
}

function flag(value: boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

/** Records from before the engagement layer have no cues: only the interest label (derived as the summary does) is filled. */
function engagementCells(sample: SampleRecord): string[] {
  const cues: Partial<EngagementCues> = hasEngagementCues(sample.engagement) ? sample.engagement : {};
  return [
    interestOf(sample),
    decimals(cues.concentrationIndex, 3),
    cues.level ?? '',
    decimals(cues.yaw, 1),
    decimals(cues.pitch, 1),
    decimals(cues.roll, 1),
    flag(cues.facing),
    flag(cues.eyesOpen),
    decimals(cues.eyeAspectRatio, 3),
    decimals(cues.gazeWeight, 0),
    flag(cues.calibrated),
  ];
}

function gazeCells(sample: SampleRecord): string[] {
  const cues: Partial<EngagementCues> = hasEngagementCues(sample.engagement) ? sample.engagement : {};
  return [decimals(cues.gazeX, 3), decimals(cues.gazeY, 3)];
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

function csvCells(sample: SampleRecord): string[] {
  const { box, probabilities } = sample;
  return [
    sample.sessionId,
    isoTime(sample.time),
    String(sample.time),
    String(sample.faceFound),
    String(sample.faceCount),
    decimals4(box?.x),
    decimals4(box?.y),
    decimals4(box?.width),
    decimals4(box?.height),
    ...EXPRESSIONS.map((_, i) => decimals4(probabilities?.[i])),
    sample.top ?? '',
    sample.valence ?? '',
    sample.unknownReason ?? '',
    sample.backend,
    sample.modelId,
    sample.modelVersion,
    ...engagementCells(sample),
    sample.smoothed?.method ?? '',
    decimals(sample.smoothed?.seconds, 2),
    ...gazeCells(sample),
  ];
}

function csvLine(cells: readonly string[]): string {
  return cells.map(csvField).join(',');
}

/**
 * One row per sample in time order. Lines end with "\n" (not RFC 4180's "\r\n": every
 * spreadsheet and CSV library reads both, and "\n" diffs cleanly); the file ends with one.
 * Box and probabilities have 4 decimals; missing values are empty cells. `session` is unused
 * today (each row carries its sample's sessionId); it is kept so every format takes the same arguments.
 */
export function sessionToCsv(_session: SessionRecord, samples: readonly SampleRecord[]): string {
  const rows = sortedByTime(samples).map((sample) => csvLine(csvCells(sample)));
  return [csvLine(CSV_COLUMNS), ...rows].map((line) => `${line}\n`).join('');
}

// ---------------------------------------------------------------------------------------------
// JSON

function exportedSession(session: SessionRecord, samples: readonly SampleRecord[]): ExportedSession {
  return { session, summary: summarizeSession(session, samples), samples: sortedByTime(samples) };
}

function exportHeader(now: number): Omit<AllSessionsExport, 'sessions'> {
  return { schemaVersion: SCHEMA_VERSION, exportedAt: new Date(now).toISOString(), app: EXPORT_APP };
}

function toPrettyJson(document: RautExport): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function sessionToJson(session: SessionRecord, samples: readonly SampleRecord[], now = Date.now()): string {
  return toPrettyJson({ ...exportHeader(now), ...exportedSession(session, samples) });
}

export function allSessionsToJson(
  entries: readonly { session: SessionRecord; samples: readonly SampleRecord[] }[],
  now = Date.now(),
): string {
  return toPrettyJson({
    ...exportHeader(now),
    sessions: entries.map(({ session, samples }) => exportedSession(session, samples)),
  });
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** The words and formats of the reader's language (the popup passes its own; tests build one from the files). */
export type TextLocalizer = Pick<Localizer, 't' | 'format'>;

const MIN_LABEL_WIDTH = 16;
const COUNT_WIDTH = 7;
const PERCENT_WIDTH = 8;

interface Row {
  label: string;
  count: number;
  percent?: number;
}

/** One document's words, formats and column widths (Indonesian labels run longer, so widths are measured). */
interface TextContext extends TextLocalizer {
  /** Width of the label column of every table, so all count and percent columns line up. */
  rowLabelWidth: number;
  /** Width of the "Label:" column of the header and engine fields. */
  fieldLabelWidth: number;
}

function rowLines(rows: readonly Row[], { format, rowLabelWidth }: TextContext): string[] {
  return rows.map(({ label, count, percent }) => {
    const columns = format.count(count).padStart(COUNT_WIDTH) + (percent === undefined ? '' : format.percent(percent).padStart(PERCENT_WIDTH));
    return `  ${label.padEnd(rowLabelWidth)}${columns}`.trimEnd();
  });
}

function fieldLines(entries: readonly [label: string, value: string][], { fieldLabelWidth }: TextContext): string[] {
  return entries.map(([label, value]) => `${label.padEnd(fieldLabelWidth)}${value}`);
}

const FIELD_KEYS = [
  'textExport_titleLabel',
  'textExport_platformLabel',
  'textExport_dateLabel',
  'textExport_durationLabel',
  'textExport_modelLabel',
  'textExport_backendLabel',
] as const;

function frameRows(summary: SessionSummary, { t }: TextLocalizer): Row[] {
  return [
    { label: t('textExport_total'), count: summary.frames },
    { label: t('textExport_faceFound'), count: summary.framesWithFace },
    { label: t('textExport_classified'), count: summary.classified },
    { label: t('common_notDetected'), ...summary.notDetected },
    { label: t('textExport_unknown'), count: summary.unknown.count, percent: summary.unknown.percent },
    ...UNKNOWN_REASONS.map((reason) => ({ label: `  ${t(UNKNOWN_REASON_KEYS[reason])}`, count: summary.unknown.byReason[reason] })),
    { label: t('textExport_severalFaces'), count: summary.multipleFaceFrames },
    { label: t('textExport_mostFaces'), count: summary.maxFaceCount },
  ];
}

function expressionRows(summary: SessionSummary, { t }: TextLocalizer): Row[] {
  return EXPRESSIONS.map((e) => ({ label: t(EXPRESSION_KEYS[e]), ...summary.expressions[e] }));
}

function interestRows(summary: SessionSummary, { t }: TextLocalizer): Row[] {
  const { interest } = summary;
  return [
    { label: t('interest_samples'), count: interest.samples },
    { label: t(INTEREST_KEYS.interested), ...interest.interested },
    { label: t(INTEREST_KEYS['not-interested']), ...interest.notInterested },
    { label: t(INTEREST_KEYS['not-detected']), ...interest.notDetected },
    { label: t(INTEREST_KEYS.unknown), ...interest.unknown },
  ];
}

function valenceRows(summary: SessionSummary, { t }: TextLocalizer): Row[] {
  return VALENCE_GROUPS.map((g) => ({ label: t(VALENCE_KEYS[g]), ...summary.valence[g] }));
}

function headerSection(summary: SessionSummary, context: TextContext): string[] {
  const { t, format } = context;
  const heading = t('textExport_heading');
  return [
    heading,
    '='.repeat(heading.length),
    ...fieldLines(
      [
        [t('textExport_titleLabel'), summary.title.replace(/\s+/g, ' ').trim()],
        [t('textExport_platformLabel'), t(PLATFORM_KEYS[summary.platform])],
        [t('textExport_dateLabel'), t('textExport_localTime', { range: format.dateTimeRange(summary.startedAt, summary.endedAt) })],
        [t('textExport_durationLabel'), format.duration(summary.durationMs)],
      ],
      context,
    ),
  ];
}

function expressionSection(summary: SessionSummary, context: TextContext): string[] {
  const { t, format } = context;
  return [t('textExport_expressions', { count: format.count(summary.classified) }), ...rowLines(expressionRows(summary, context), context)];
}

function reactionSection(summary: SessionSummary, context: TextContext): string[] {
  return [context.t('textExport_reactions'), ...rowLines(valenceRows(summary, context), context)];
}

/** The classroom study's table (share of all samples) and the mean engagement. */
function interestSection(summary: SessionSummary, context: TextContext): string[] {
  const { t, format } = context;
  const mean =
    summary.meanEngagement === null
      ? t('textExport_meanEngagementNone')
      : t('textExport_meanEngagement', { value: format.percent(summary.meanEngagement * 100, 0) });
  return [t('textExport_interest'), ...rowLines(interestRows(summary, context), context), mean];
}

function frameSection(summary: SessionSummary, context: TextContext): string[] {
  return [context.t('common_frames'), ...rowLines(frameRows(summary, context), context)];
}

function impressionSection(summary: SessionSummary, { t, format }: TextContext): string[] {
  const rule = `  ${t('textExport_rule', { rule: t('impressionRule_rule') })}`;
  if (summary.impression === null) return [t('textExport_impressionNone'), rule];
  const { positive, neutral, negative } = summary.valence;
  return [
    t('textExport_impression', { value: t(summary.impression === 'good' ? 'impression_good' : 'impression_bad') }),
    rule,
    `  ${t('textExport_here', {
      positive: format.percent(positive.percent),
      neutral: format.percent(neutral.percent),
      favourable: format.percent(positive.percent + neutral.percent),
      comparison: summary.impression === 'good' ? '>' : '<=',
      negative: format.percent(negative.percent),
    })}`,
  ];
}

function engineSection(summary: SessionSummary, context: TextContext): string[] {
  const { t } = context;
  const unknown = t('textExport_unknownValue');
  return fieldLines(
    [
      [t('textExport_modelLabel'), summary.modelId ?? unknown],
      [t('textExport_backendLabel'), summary.backend ?? unknown],
    ],
    context,
  );
}

function textContext(summary: SessionSummary, localizer: TextLocalizer): TextContext {
  const rows = [
    ...expressionRows(summary, localizer),
    ...valenceRows(summary, localizer),
    ...interestRows(summary, localizer),
    ...frameRows(summary, localizer),
  ];
  return {
    ...localizer,
    rowLabelWidth: Math.max(MIN_LABEL_WIDTH, ...rows.map((row) => row.label.length + 2)),
    fieldLabelWidth: Math.max(...FIELD_KEYS.map((key) => localizer.t(key).length)) + 2,
  };
}

/** The research-layout summary as aligned plain text in the reader's language, ending with a newline. */
export function sessionToText(session: SessionRecord, samples: readonly SampleRecord[], localizer: TextLocalizer): string {
  const summary = summarizeSession(session, samples);
  const context = textContext(summary, localizer);
  const sections = [headerSection, interestSection, expressionSection, reactionSection, frameSection, impressionSection, engineSection].map((section) =>
    section(summary, context),
  );
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// File names

function slug(text: string, maxLength = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
}

/** Local wall-clock date and time as digits: file names sort the same in every language. */
function localDateTime(ms: number): { date: string; time: string } {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
    time: `${two(d.getHours())}:${two(d.getMinutes())}`,
  };
}

function fileStamp(ms: number): string {
  const { date, time } = localDateTime(ms);
  return `${date}-${time.replace(':', '')}`;
}

/** e.g. "raut-2026-11-23-1405-meet-math-week-3.csv": local start time, platform, title slug. */
export function exportFileName(session: SessionRecord, extension: ExportExtension): string {
  const titleSlug = slug(session.title);
  const parts = ['raut', fileStamp(session.startedAt), slug(session.platform)];
  if (titleSlug !== '' && titleSlug !== parts[2]) parts.push(titleSlug);
  return `${parts.join('-')}.${extension}`;
}

/** e.g. "raut-all-2026-11-23-1405.json". */
export function allSessionsFileName(now = Date.now()): string {
  return `raut-all-${fileStamp(now)}.json`;
}

// ---------------------------------------------------------------------------------------------
// Import check

export class ExportFormatError extends Error {
  override name = 'ExportFormatError';
}

/** `path` is relative to the document root; '' is the root itself. */
function invalid(path: string, expected: string): never {
  throw new ExportFormatError(`Not a valid Raut export: ${path || 'the document'} must be ${expected}.`);
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

type FieldRules<T> = { [K in keyof T]-?: [guard: Guard<T[K]>, expected: string] };

const isString: Guard<string> = (value): value is string => typeof value === 'string';
const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';
const isCount: Guard<number> = (value): value is number => isIntegerInRange(value, 0, Number.MAX_SAFE_INTEGER);

function orNull<T>(guard: Guard<T>): Guard<T | null> {
  return (value): value is T | null => value === null || guard(value);
}

const isFaceBox = (value: unknown): value is FaceBox =>
  isRecord(value) && [value.x, value.y, value.width, value.height].every(isFiniteNumber);

const isProbabilities = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length === EXPRESSIONS.length && value.every(isFiniteNumber);

const isSmoothed = (value: unknown): value is SmoothedExpression =>
  isRecord(value) &&
  isOneOf(['exponential', 'window'] as const)(value.method) &&
  isFiniteNumber(value.seconds) &&
  value.seconds > 0 &&
  isProbabilities(value.probabilities);

const isEngagement = (value: unknown): value is SampleRecord['engagement'] =>
  isRecord(value) && Object.values(value).every((v) => ['number', 'string', 'boolean'].includes(typeof v));

const SESSION_RULES: FieldRules<SessionRecord> = {
  id: [isString, 'a string'],
  platform: [isOneOf(PLATFORMS), `one of ${PLATFORMS.join(', ')}`],
  title: [isString, 'a string'],
  url: [isString, 'a string'],
  startedAt: [isFiniteNumber, 'a number'],
  lastSampleAt: [orNull(isFiniteNumber), 'a number or null'],
  endedAt: [orNull(isFiniteNumber), 'a number or null'],
  status: [isOneOf(['active', 'ended'] as const), 'active or ended'],
  endReason: [orNull(isString), 'a string or null'],
  sampleCount: [isCount, 'a whole number'],
  backend: [orNull(isOneOf(BACKENDS)), `one of ${BACKENDS.join(', ')} or null`],
  modelId: [orNull(isString), 'a string or null'],
};

// `id` and `smoothed` are optional in SampleRecord, so they are checked on their own (see sampleAt).
const SAMPLE_RULES: FieldRules<Omit<SampleRecord, 'id' | 'smoothed'>> = {
  sessionId: [isString, 'a string'],
  time: [isFiniteNumber, 'a number'],
  faceFound: [isBoolean, 'true or false'],
  faceCount: [isCount, 'a whole number'],
  box: [orNull(isFaceBox), 'null or {x, y, width, height} numbers'],
  probabilities: [orNull(isProbabilities), `null or ${EXPRESSIONS.length} numbers`],
  top: [orNull(isOneOf(EXPRESSIONS)), 'an expression or null'],
  valence: [orNull(isOneOf(VALENCE_GROUPS)), 'a valence group or null'],
  unknownReason: [orNull(isOneOf(UNKNOWN_REASONS)), `one of ${UNKNOWN_REASONS.join(', ')} or null`],
  backend: [isOneOf(BACKENDS), `one of ${BACKENDS.join(', ')}`],
  modelId: [isString, 'a string'],
  modelVersion: [isString, 'a string'],
  engagement: [isEngagement, 'an object of numbers, strings and booleans'],
};

function recordAt(value: unknown, path: string): Record<string, unknown> {
  return isRecord(value) ? value : invalid(path, 'an object');
}

function arrayAt(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? value : invalid(path, 'an array');
}

function checkFields<T>(value: unknown, rules: FieldRules<T>, path: string): T {
  const record = recordAt(value, path);
  for (const [key, [guard, expected]] of Object.entries<[Guard<unknown>, string]>(rules)) {
    if (!guard(record[key])) invalid(child(path, key), expected);
  }
  return record as T;
}

/** Exports written before the engagement layer (schema 1 and 2 alike) have no `engagement`: it reads as none measured. */
function withEngagement(value: unknown): unknown {
  return isRecord(value) && value.engagement === undefined ? { ...value, engagement: {} } : value;
}

function sampleAt(value: unknown, path: string, sessionId: string): SampleRecord {
  const sample: SampleRecord = checkFields(withEngagement(value), SAMPLE_RULES, path);
  if (sample.id !== undefined && !isCount(sample.id)) invalid(child(path, 'id'), 'a whole number when present');
  if (sample.smoothed !== undefined && !isSmoothed(sample.smoothed)) {
    invalid(child(path, 'smoothed'), 'when present, {method: exponential or window, seconds > 0, 7 probabilities}');
  }
  if (sample.sessionId !== sessionId) invalid(child(path, 'sessionId'), `the session's id (${sessionId})`);
  return sample;
}

/** The summary is derived data: it must be present, but it is recomputed rather than trusted. */
function exportedSessionAt(value: unknown, path: string): ExportedSession {
  const record = recordAt(value, path);
  const session = checkFields(record.session, SESSION_RULES, child(path, 'session'));
  recordAt(record.summary, child(path, 'summary'));
  const samplesPath = child(path, 'samples');
  const samples = arrayAt(record.samples, samplesPath).map((sample, i) =>
    sampleAt(sample, `${samplesPath}[${i}]`, session.id),
  );
  return { session, summary: summarizeSession(session, samples), samples };
}

/**
 * The oldest schema version whose exports this Raut still reads. Version 2 only added the
 * sharing outbox, which exports do not carry, so version 1 exports have the same layout.
 */
export const OLDEST_READABLE_EXPORT_VERSION = 1;

function checkSchemaVersion(version: unknown): number {
  if (!isCount(version)) invalid('schemaVersion', 'a whole number');
  if (version > SCHEMA_VERSION || version < OLDEST_READABLE_EXPORT_VERSION) {
    const relation = version > SCHEMA_VERSION ? 'a newer' : 'an older';
    throw new ExportFormatError(
      `Unsupported Raut export: schema version ${version} comes from ${relation} Raut; this one reads versions ${OLDEST_READABLE_EXPORT_VERSION} to ${SCHEMA_VERSION}.`,
    );
  }
  return version;
}

function parseJsonText(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new ExportFormatError(`Not a valid Raut export: the file is not JSON (${(error as Error).message}).`);
  }
}

/**
 * Validates an exported JSON document (one session or all sessions) and returns it typed.
 * Throws ExportFormatError naming the first offending field.
 */
export function parseExport(json: string): RautExport {
  const document = recordAt(parseJsonText(json), '');
  if (document.app !== EXPORT_APP) invalid('app', `"${EXPORT_APP}"`);
  const schemaVersion = checkSchemaVersion(document.schemaVersion);
  const exportedAt = isString(document.exportedAt) ? document.exportedAt : invalid('exportedAt', 'a string');
  const header = { schemaVersion, exportedAt, app: EXPORT_APP } as const;

  if ('sessions' in document) {
    const sessions = arrayAt(document.sessions, 'sessions').map((entry, i) => exportedSessionAt(entry, `sessions[${i}]`));
    return { ...header, sessions };
  }
  return { ...header, ...exportedSessionAt(document, '') };
}
