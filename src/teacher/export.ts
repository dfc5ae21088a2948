/**
 * The class summary export (CSV and JSON): one row per consenting participant, plus the class
 * timeline when the hub shows it (k-anonymity: never when fewer than 3 students share).
 * Column names are stable English identifiers; do not rename them, spreadsheets depend on them.
 */
import type { ClassInfo, ParticipantView, Timeline } from './hub';

export const CLASS_EXPORT_SCHEMA_VERSION = 1;

export const PARTICIPANT_CSV_COLUMNS = [
  'class_code',
  'class_name',
  'display_name',
  'joined_at',
  'last_seen_at',
  'minutes_shared',
  'first_minute',
  'last_minute',
  'samples',
  'positive_frames',
  'neutral_frames',
  'negative_frames',
  'not_detected_frames',
  'unknown_frames',
  'positive_pct',
  'neutral_pct',
  'negative_pct',
  'not_detected_pct',
  'unknown_pct',
  'mean_engagement',
  'impression',
  'top_expression',
  // The classroom study's table (share of all samples); unknown: a face whose interest was not labelled.
  'interested_frames',
  'not_interested_frames',
  'interest_unknown_frames',
  'interested_pct',
  'not_interested_pct',
  'interest_unknown_pct',
] as const;

export interface ClassExport {
  schemaVersion: number;
  exportedAt: string;
  class: { code: string; name: string; meetingLink: string | null; createdAt: string | null; closedAt: string | null };
  participants: ParticipantView[];
  /** The hub's k-anonymous timeline, or its withheld answer. */
  timeline: Timeline | null;
}

const iso = (ms: number | null | undefined) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
const pct = (value: number) => value.toFixed(1);

export function buildClassExport(info: Pick<ClassInfo, 'code' | 'name' | 'meetingLink'> & Partial<Pick<ClassInfo, 'createdAt' | 'closedAt'>>, participants: readonly ParticipantView[], timeline: Timeline | null, now = Date.now()): ClassExport {
  return {
    schemaVersion: CLASS_EXPORT_SCHEMA_VERSION,
    exportedAt: new Date(now).toISOString(),
    class: { code: info.code, name: info.name, meetingLink: info.meetingLink, createdAt: iso(info.createdAt), closedAt: iso(info.closedAt) },
    participants: [...participants],
    timeline,
  };
}

export function classExportJson(data: ClassExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote when needed; a leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function classExportCsv(data: ClassExport): string {
  const lines = [PARTICIPANT_CSV_COLUMNS.join(',')];
  for (const p of data.participants) {
    const row: (string | number | null)[] = [
      data.class.code,
      data.class.name,
      p.displayName,
      iso(p.joinedAt),
      iso(p.lastSeenAt),
      p.minutesShared,
      iso(p.firstMinute),
      iso(p.lastMinute),
      p.totals.samples,
      p.totals.positive,
      p.totals.neutral,
      p.totals.negative,
      p.totals.notDetected,
      p.totals.unknown,
      pct(p.percent.positive),
      pct(p.percent.neutral),
      pct(p.percent.negative),
      pct(p.percent.notDetected),
      pct(p.percent.unknown),
      p.meanEngagement === null ? null : p.meanEngagement.toFixed(3),
      p.impression,
      p.topExpression,
      p.interest.interested.count,
      p.interest.notInterested.count,
      p.interest.unknown.count,
      pct(p.interest.interested.percent),
      pct(p.interest.notInterested.percent),
      pct(p.interest.unknown.percent),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function classExportFileName(code: string, extension: 'csv' | 'json', now = Date.now()): string {
  return `raut-class-${code}-${new Date(now).toISOString().slice(0, 10)}.${extension}`;
}
