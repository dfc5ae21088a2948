/** `npm run loadtest:hub` in small: the script runs end to end and finds nothing lost or double-counted. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('loadtest with 20 students over 2 minutes: lost 0, duplicates 0', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/loadtest-hub.ts', '--students', '20', '--minutes', '2', '--minute-ms', '500', '--resend-rate', '0.3', '--json'],
    { cwd: REPO_ROOT, timeout: 50_000 },
  );
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(lastLine) as Record<string, number>;
  expect(Object.keys(result).slice(0, 6)).toEqual(['students', 'sent', 'stored', 'lost', 'duplicates', 'p95_ms']);
  expect(result).toMatchObject({ students: 20, sent: 40, stored: 40, lost: 0, duplicates: 0, mismatched: 0, timeline_mismatches: 0, failed: 0, unexpected: 0 });
  expect(result.resent).toBeGreaterThan(0);
  expect(result.p95_ms).toBeGreaterThan(0);
});
