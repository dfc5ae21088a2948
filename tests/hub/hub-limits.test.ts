/**
 * Limits and CORS, in process (createHub + inject) with a controllable clock: join and class
 * creation rate limits, the failed-lookup limiter that keeps class codes from being enumerated,
 * class size, per-student quota, body size and which browser origins may read answers.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHub } from '../../hub/server';
import type { HubOptions } from '../../hub/server';
import { SqliteHubStore } from '../../hub/storage/sqlite';
import { makeMinute } from './helpers/hub-client';

const START = Date.UTC(2026, 10, 23, 10, 0, 0);
let now = START;
let app: FastifyInstance | null = null;
let store: SqliteHubStore | null = null;

async function hub(options: Partial<HubOptions> = {}): Promise<FastifyInstance> {
  store = new SqliteHubStore(':memory:');
  app = await createHub({ store, now: () => now, ...options });
  return app;
}

beforeEach(() => {
  now = START;
});

afterEach(async () => {
  await app?.close();
  await store?.close();
  app = null;
  store = null;
});

async function newClass(server: FastifyInstance) {
  const answer = await server.inject({ method: 'POST', url: '/classes', payload: { name: 'Limits' } });
  expect(answer.statusCode).toBe(201);
  return answer.json() as { code: string; teacherSecret: string };
}

const joinAs = (server: FastifyInstance, code: string, displayName = 'S', remoteAddress = '127.0.0.1') =>
  server.inject({ method: 'POST', url: `/classes/${code}/join`, payload: { displayName }, remoteAddress });

describe('rate limits', () => {
  it('limits joins per address and says when to retry', async () => {
    const server = await hub({ joinsPerMinute: 3 });
    const { code } = await newClass(server);
    for (let i = 0; i < 3; i++) expect((await joinAs(server, code)).statusCode).toBe(201);
    const limited = await joinAs(server, code);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('20');
    expect(limited.json()).toEqual({ error: expect.stringMatching(/too many joins/) });
    // Another address is not affected; the first one recovers with time.
    expect((await joinAs(server, code, 'T', '10.1.2.3')).statusCode).toBe(201);
    now += 20_000;
    expect((await joinAs(server, code)).statusCode).toBe(201);
  });

  it('limits class creation per address', async () => {
    const server = await hub({ classCreationsPerMinute: 2 });
    await newClass(server);
    await newClass(server);
    expect((await server.inject({ method: 'POST', url: '/classes', payload: { name: 'x' } })).statusCode).toBe(429);
  });

  it('answers 429 instead of 401/403/404 to an address that keeps guessing, yet lets valid requests through', async () => {
    const server = await hub({ failuresPerMinute: 5 });
    const { code, teacherSecret } = await newClass(server);
    const guess = (i: number) => server.inject({ method: 'POST', url: `/classes/ZZZZZZZZ${String(i + 2)}Z/join`, payload: { displayName: 'x' } });
    for (let i = 0; i < 5; i++) expect((await guess(i)).statusCode).toBe(404);
    // Now an unknown code and a wrong secret for a real one look the same: no more information.
    const unknownCode = await guess(6);
    expect(unknownCode.statusCode).toBe(429);
    expect(unknownCode.json()).toEqual({ error: expect.stringMatching(/too many failed requests/) });
    const wrongSecret = await server.inject({ method: 'GET', url: `/classes/${code}`, headers: { authorization: 'Bearer wrong' } });
    expect(wrongSecret.statusCode).toBe(429);
    expect(wrongSecret.headers['retry-after']).toBeDefined();
    const unknownRoute = await server.inject({ method: 'GET', url: '/nowhere' });
    expect(unknownRoute.statusCode).toBe(429);
    // The rightful teacher behind the same address is not locked out.
    expect((await server.inject({ method: 'GET', url: `/classes/${code}`, headers: { authorization: `Bearer ${teacherSecret}` } })).statusCode).toBe(200);
    expect((await joinAs(server, code)).statusCode).toBe(201);
    now += 60_000;
    expect((await guess(7)).statusCode).toBe(404);
  });
});

describe('size limits', () => {
  it('refuses joins to a full class', async () => {
    const server = await hub({ maxStudentsPerClass: 2 });
    const { code } = await newClass(server);
    await joinAs(server, code);
    await joinAs(server, code);
    const full = await joinAs(server, code);
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatch(/full/);
  });

  it('keeps at most maxMinutesPerStudent minutes per student', async () => {
    const server = await hub({ maxMinutesPerStudent: 3 });
    const { code } = await newClass(server);
    const { studentToken } = (await joinAs(server, code)).json() as { studentToken: string };
    const put = (minutes: number[]) =>
      server.inject({
        method: 'PUT',
        url: `/classes/${code}/students/me/minutes`,
        headers: { authorization: `Bearer ${studentToken}` },
        payload: { minutes: minutes.map((m) => makeMinute(now - m * 60_000)) },
      });
    expect((await put([1, 2, 3])).statusCode).toBe(200);
    const over = await put([4]);
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatch(/at most 3 minutes/);
  });

  it('refuses bodies over the limit with 413', async () => {
    const server = await hub({ bodyLimitBytes: 1024 });
    const answer = await server.inject({ method: 'POST', url: '/classes', payload: { name: 'x'.repeat(2000) } });
    expect(answer.statusCode).toBe(413);
    expect(answer.json()).toEqual({ error: expect.stringMatching(/too large/) });
  });
});

describe('CORS', () => {
  const preflight = (server: FastifyInstance, origin: string) =>
    server.inject({
      method: 'OPTIONS',
      url: '/classes',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('lets extension pages (Chromium and Firefox) read answers, and no web page', async () => {
    const server = await hub();
    const chrome = await preflight(server, 'chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(chrome.headers['access-control-allow-origin']).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(chrome.headers['access-control-allow-headers']).toMatch(/authorization/);
    const firefox = await preflight(server, 'moz-extension://0b6d7a5e-1c2f-4d3b-9a8e-7f6c5d4b3a21');
    expect(firefox.headers['access-control-allow-origin']).toBe('moz-extension://0b6d7a5e-1c2f-4d3b-9a8e-7f6c5d4b3a21');
    for (const origin of ['https://meet.google.com', 'http://localhost:3000', 'chrome-extension://evil.example.com', 'null']) {
      expect((await preflight(server, origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('marks every answer as not cacheable', async () => {
    const server = await hub();
    expect((await server.inject({ method: 'GET', url: '/health' })).headers['cache-control']).toBe('no-store');
  });
});
