import { describe, expect, it } from 'vitest';
import { eventsUrl, isWithheld, TeacherHub, TeacherHubError } from '../../src/teacher/hub';
import { describeError } from '../../src/shared/i18n';
import { localizerFor } from '../helpers/i18n';

const en = localizerFor('en');
const id = localizerFor('id');

function fakeFetch(answers: { status: number; body: unknown }[], seen: { url: string; init: RequestInit }[]): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), init: init ?? {} });
    const next = answers.shift() ?? { status: 500, body: { error: 'no answer' } };
    return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const access = { hubUrl: 'http://127.0.0.1:8787', code: 'ABCDEFGHJK', teacherSecret: 's3cret' };

describe('teacher hub client', () => {
  it('creates a class with name and optional link, and reads with the teacher secret', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const hub = new TeacherHub({
      fetch: fakeFetch(
        [
          { status: 201, body: { classId: 'c1', code: 'ABCDEFGHJK', teacherSecret: 's3cret' } },
          { status: 200, body: { participants: [] } },
        ],
        seen,
      ),
    });
    expect(await hub.createClass('http://127.0.0.1:8787/', '  Maths ', '')).toEqual({ classId: 'c1', code: 'ABCDEFGHJK', teacherSecret: 's3cret' });
    expect(seen[0]!.url).toBe('http://127.0.0.1:8787/classes');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ name: 'Maths' });
    expect(await hub.participants(access)).toEqual([]);
    expect(seen[1]!.url).toBe('http://127.0.0.1:8787/classes/ABCDEFGHJK/participants');
    expect((seen[1]!.init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret');
  });

  it('refuses plain http hubs off this machine before any request', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const hub = new TeacherHub({ fetch: fakeFetch([], seen) });
    const refused = await hub.createClass('http://hub.example.com', 'Maths').catch((e: unknown) => e);
    expect(describeError(refused, en.t)).toMatch(/^This address cannot be used: refused: http:\/\/hub\.example\.com is not encrypted/);
    expect(seen).toHaveLength(0);
  });

  it("turns the hub's errors into messages and marks a gone class", async () => {
    const hub = new TeacherHub({ fetch: fakeFetch([{ status: 404, body: { error: 'unknown class' } }], []) });
    const error = await hub.timeline(access).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeacherHubError);
    expect((error as TeacherHubError).gone).toBe(true);
    expect(describeError(error, en.t)).toBe('Class not found on the hub: unknown class');
    expect(describeError(error, id.t)).toBe('Kelas tidak ditemukan di hub: unknown class');
    const offline = new TeacherHub({ fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch });
    const unreachable = await offline.participants(access).catch((e: unknown) => e);
    expect(describeError(unreachable, en.t)).toMatch(/^The hub at http:\/\/127\.0\.0\.1:8787 could not be reached/);
    expect(describeError(unreachable, id.t)).toMatch(/^Hub di http:\/\/127\.0\.0\.1:8787 tidak dapat dihubungi/);
  });

  it('builds the events address with the token and recognises withheld answers', () => {
    expect(eventsUrl(access)).toBe('http://127.0.0.1:8787/classes/ABCDEFGHJK/events?token=s3cret');
    expect(isWithheld({ withheld: true, students: 1, required: 3, reason: '' })).toBe(true);
    expect(isWithheld({ withheld: false, minutes: [] })).toBe(false);
  });
});
