import { describe, expect, it } from 'vitest';
import type { ParticipantView } from '../../src/teacher/hub';
import { buildClassExport, classExportCsv, classExportFileName, classExportJson, PARTICIPANT_CSV_COLUMNS } from '../../src/teacher/export';

const participant = (displayName: string): ParticipantView => ({
  studentId: 's1',
  displayName,
  joinedAt: Date.UTC(2026, 0, 5, 9, 0),
  lastSeenAt: Date.UTC(2026, 0, 5, 9, 3),
  minutesShared: 2,
  firstMinute: Date.UTC(2026, 0, 5, 9, 1),
  lastMinute: Date.UTC(2026, 0, 5, 9, 2),
  totals: { samples: 120, positive: 60, neutral: 30, negative: 10, notDetected: 15, unknown: 5 },
  percent: { positive: 60, neutral: 30, negative: 10, notDetected: 12.5, unknown: 4.1666 },
  interest: {
    samples: 120,
    interested: { count: 78, percent: 65 },
    notInterested: { count: 24, percent: 20 },
    notDetected: { count: 15, percent: 12.5 },
    unknown: { count: 3, percent: 2.5 },
  },
  meanEngagement: 0.5625,
  impression: 'good',
  topExpression: 'happy',
});

const info = { code: 'ABCDEFGHJK', name: 'Maths, 7b', meetingLink: null, createdAt: Date.UTC(2026, 0, 5, 8, 59), closedAt: null };
const withheld = { withheld: true as const, reason: 'class-level views need at least 3 students who share; so far: 1', students: 1, required: 3 };

describe('class summary export', () => {
  it('writes CSV with the stable English columns, quoting and no formula injection', () => {
    const data = buildClassExport(info, [participant('=HYPERLINK("x")'), participant('Mira')], withheld, Date.UTC(2026, 0, 5, 10));
    const lines = classExportCsv(data).trimEnd().split('\r\n');
    expect(lines[0]).toBe(PARTICIPANT_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toBe(
      'ABCDEFGHJK,"Maths, 7b",Mira,2026-01-05T09:00:00.000Z,2026-01-05T09:03:00.000Z,2,2026-01-05T09:01:00.000Z,2026-01-05T09:02:00.000Z,120,60,30,10,15,5,60.0,30.0,10.0,12.5,4.2,0.563,good,happy,78,24,3,65.0,20.0,2.5',
    );
    expect(lines[2]!.split(',').length).toBe(PARTICIPANT_CSV_COLUMNS.length + 1); // the quoted comma
  });

  it('writes JSON with a schema version, the class and the withheld timeline', () => {
    const json = JSON.parse(classExportJson(buildClassExport(info, [participant('Mira')], withheld, 0)));
    expect(json).toMatchObject({ schemaVersion: 1, class: { code: 'ABCDEFGHJK', name: 'Maths, 7b', createdAt: '2026-01-05T08:59:00.000Z' }, timeline: { withheld: true } });
    expect(json.participants[0].displayName).toBe('Mira');
    expect(json.participants[0].interest).toMatchObject({ samples: 120, interested: { count: 78, percent: 65 } });
    expect(classExportFileName('ABCDEFGHJK', 'csv', Date.UTC(2026, 0, 5))).toBe('raut-class-ABCDEFGHJK-2026-01-05.csv');
  });
});
