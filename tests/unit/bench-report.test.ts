import { describe, expect, it } from 'vitest';
import { benchJson, firefoxLine, NOT_MEASURED } from '../../scripts/bench/report.ts';
import type { PipelineSummary } from '../../scripts/bench/pipelines.ts';

function summary(name: PipelineSummary['name'], medianMs: number, p95Ms: number): PipelineSummary {
  return { name, description: `${name} on wasm`, frames: 10, medianMs, p95Ms, agreement: null, noAnswer: 0, answers: [] };
}

const chromium = [summary('raut', 10, 20), summary('faceapi', 40, 50), summary('human', 30, 45)];

describe('bench report: Raut in Firefox beside Chromium', () => {
  it('puts the Firefox figures in the JSON object, and null when Firefox was not measured', () => {
    const measured = benchJson(chromium, NOT_MEASURED, 'wasm', null, summary('raut', 14.567, 30.123));
    expect(measured).toMatchObject({ raut_ms: 10, firefox_raut_ms: 14.57, firefox_raut_p95_ms: 30.12 });
    const absent = benchJson(chromium, NOT_MEASURED, 'wasm');
    expect(absent).toMatchObject({ firefox_raut_ms: null, firefox_raut_p95_ms: null });
  });

  it('states the ratio to Chromium, or why Firefox was not measured', () => {
    expect(firefoxLine(chromium, summary('raut', 14, 30), null)).toMatch(/median 14\.0 ms, p95 30\.0 ms = 1\.40 × Chromium's 10\.0 ms/);
    expect(firefoxLine(chromium, null, 'Debian firefox-esr is not installed')).toBe('firefox: not measured (Debian firefox-esr is not installed)');
  });
});
