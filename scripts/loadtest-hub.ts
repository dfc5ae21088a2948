/**
 * Load test for the class hub: `npm run loadtest:hub -- --students 500 --minutes 5 --json`.
 *
 * Starts a hub on loopback (or drives one given with --url, loopback only), has the students
 * join one class and upload one aggregate per simulated minute (a minute lasts --minute-ms,
 * 1 s by default), with the trouble a real class brings: students that drop offline and
 * reconnect with their queue, connections cut after a request was sent (outcome unknown, so
 * the student retries), deliberate duplicate resends (~10 %) and corrected minutes. Then it
 * reads everything back and checks that each minute is stored exactly once, with its last
 * content. The last line printed is one JSON object:
 *   {"students":500,"sent":N,"stored":N,"lost":0,"duplicates":0,"p95_ms":…, …}
 * Exit status 0 only when nothing was lost, duplicated, mismatched or given up on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MinuteAggregate } from '../hub/contract';
import { spawnHub } from '../hub/spawn';
import type { RunningHub } from '../hub/spawn';
import { EXPRESSIONS } from '../src/shared/taxonomy';
import { seededRandom } from './seeded-random';

interface Options {
  students: number;
  minutes: number;
  minuteMs: number;
  url: string | null;
  json: boolean;
  seed: number;
  resendRate: number;
}

/** Per upload: the odds of each kind of trouble. */
const OFFLINE_RATE = 0.05;
const DROP_RATE = 0.03;
const CORRECTION_RATE = 0.02;
const MAX_ATTEMPTS = 8;
const READ_CONCURRENCY = 32;

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      students: { type: 'string', default: '500' },
      minutes: { type: 'string', default: '5' },
      'minute-ms': { type: 'string', default: '1000' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'resend-rate': { type: 'string', default: '0.1' },
    },
  });
  const bounded = (name: string, value: string, min: number, max: number) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`--${name} must be between ${min} and ${max}, got "${value}"`);
    return parsed;
  };
  const url = values.url ?? null;
  if (url !== null && !isLoopback(url)) throw new Error(`--url must point at this machine (127.0.0.0/8, localhost or [::1]), got ${url}`);
  return {
    students: Math.round(bounded('students', values.students, 1, 5000)),
    minutes: Math.round(bounded('minutes', values.minutes, 1, 60)),
    minuteMs: Math.round(bounded('minute-ms', values['minute-ms'], 100, 60_000)),
    url,
    json: values.json,
    seed: Math.round(bounded('seed', values.seed, 0, 2 ** 31)),
    resendRate: bounded('resend-rate', values['resend-rate'], 0, 1),
  };
}

function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- HTTP

interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

class ConnectionCut extends Error {}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });

interface RequestOptions {
  token?: string;
  body?: unknown;
  /** A new connection, closed afterwards: what a student coming back online does. */
  freshConnection?: boolean;
  /** Cut the connection once the request is sent, before the answer: the outcome is unknown. */
  cutAfterSend?: boolean;
  timeoutMs?: number;
}

function send(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  const started = performance.now();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, baseUrl), {
      method,
      headers,
      agent: options.freshConnection || options.cutAfterSend ? false : keepAlive,
      timeout: options.timeoutMs ?? 30_000,
    });
    request.on('timeout', () => request.destroy(new ConnectionCut('timeout')));
    request.on('error', (error) => reject(error instanceof ConnectionCut ? error : new ConnectionCut(error.message)));
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Left as text: the caller reports it.
        }
        resolve({ status: response.statusCode ?? 0, body, ms: performance.now() - started });
      });
      response.on('error', (error) => reject(new ConnectionCut(error.message)));
    });
    if (options.cutAfterSend) request.on('finish', () => setTimeout(() => request.destroy(new ConnectionCut('cut after send')), Math.random() * 3));
    request.end(payload);
  });
}

// ---------------------------------------------------------------- the simulation

interface SimStudent {
  index: number;
  studentId: string;
  token: string;
  /** Minutes not yet acknowledged, oldest first. */
  queue: MinuteAggregate[];
  /** The last content sent for each minute: what the hub must hold in the end. */
  finals: Map<number, MinuteAggregate>;
  offline: boolean;
  /** Uploads of one student never overlap, as in the extension. */
  chain: Promise<void>;
}

interface Stats {
  requests: number;
  latencies: number[];
  retries: number;
  resent: number;
  reconnects: number;
  cut: number;
  corrected: number;
  failed: number;
  /** Answers that contradict the idempotency contract (a resend that was not "unchanged", say). */
  unexpected: string[];
  events: number;
}

function makeAggregate(seed: number, student: number, minute: number, variant = 0): MinuteAggregate {
  const random = seededRandom(seed * 1_000_003 + student * 7919 + Math.floor(minute / 60_000) * 31 + variant * 104_729);
  const samples = 40 + Math.floor(random() * 21);
  const notDetected = Math.floor(random() * (samples / 5));
  const unknown = Math.floor(random() * (samples / 10));
  const classified = samples - notDetected - unknown;
  const positive = Math.floor(random() * classified);
  const neutral = Math.floor(random() * (classified - positive));
  const negative = classified - positive - neutral;
  return {
    minute,
    samples,
    positive,
    neutral,
    negative,
    notDetected,
    unknown,
    meanEngagement: Math.round(random() * 1000) / 1000,
    topExpression: classified > 0 ? (EXPRESSIONS[Math.floor(random() * EXPRESSIONS.length)] ?? null) : null,
  };
}

class Simulation {
  readonly stats: Stats = { requests: 0, latencies: [], retries: 0, resent: 0, reconnects: 0, cut: 0, corrected: 0, failed: 0, unexpected: [], events: 0 };
  private readonly random: () => number;
  private stopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly code: string,
    private readonly options: Options,
  ) {
    this.random = seededRandom(options.seed);
  }

  stop(): void {
    this.stopped = true;
  }

  /** One PUT, retried after cut connections, 429 and 5xx with backoff; undefined when it gave up. */
  async upload(student: SimStudent, minutes: MinuteAggregate[], first: { fresh: boolean; cut: boolean }): Promise<Answer | undefined> {
    const path = `/classes/${this.code}/students/me/minutes`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !this.stopped; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + this.random()));
      }
      const cut = attempt === 0 && first.cut;
      // After a cut connection, the retry opens a new one, as a browser would.
      const fresh = (attempt === 0 && first.fresh) || attempt > 0;
      try {
        this.stats.requests++;
        const answer = await send(this.baseUrl, 'PUT', path, { token: student.token, body: { minutes }, freshConnection: fresh, cutAfterSend: cut });
        this.stats.latencies.push(answer.ms);
        if (answer.status === 200) return answer;
        if (answer.status !== 429 && answer.status < 500) {
          this.stats.unexpected.push(`student ${student.index}: ${answer.status} ${JSON.stringify(answer.body)}`);
          return undefined;
        }
      } catch (error) {
        if (!(error instanceof ConnectionCut)) throw error;
        if (cut) this.stats.cut++;
      }
    }
    return undefined;
  }

  /** What a student does when their minute is over: queue it, and send the queue unless offline. */
  async minuteOver(student: SimStudent, minute: number): Promise<void> {
    const aggregate = makeAggregate(this.options.seed, student.index, minute);
    student.queue.push(aggregate);
    student.finals.set(minute, aggregate);
    if (this.random() < OFFLINE_RATE) {
      student.offline = true;
      return;
    }
    await this.flush(student);
  }

  async flush(student: SimStudent): Promise<void> {
    if (student.queue.length === 0) return;
    const reconnecting = student.offline;
    if (reconnecting) this.stats.reconnects++;
    student.offline = false;
    const batch = student.queue.slice(0, 120);
    const answer = await this.upload(student, batch, { fresh: reconnecting, cut: this.random() < DROP_RATE });
    if (!answer) {
      this.stats.failed += batch.length;
      return;
    }
    student.queue.splice(0, batch.length);

    if (this.random() < this.options.resendRate) {
      // A deliberate duplicate: the hub must answer "unchanged" for all of it.
      this.stats.resent++;
      const again = await this.upload(student, batch, { fresh: false, cut: false });
      const body = again?.body as { unchanged?: number } | undefined;
      if (again && body?.unchanged !== batch.length) this.stats.unexpected.push(`resend of ${batch.length} answered ${JSON.stringify(again.body)}`);
    }
    if (this.random() < CORRECTION_RATE) {
      const last = batch[batch.length - 1]!;
      const corrected = makeAggregate(this.options.seed, student.index, last.minute, 1);
      if (JSON.stringify(corrected) === JSON.stringify(last)) return;
      this.stats.corrected++;
      student.finals.set(last.minute, corrected);
      const fixed = await this.upload(student, [corrected], { fresh: false, cut: false });
      const body = fixed?.body as { replaced?: number } | undefined;
      if (!fixed) this.stats.failed++;
      else if (body?.replaced !== 1) this.stats.unexpected.push(`correction answered ${JSON.stringify(fixed.body)}`);
    }
  }
}

// ---------------------------------------------------------------- read-back

interface Verdict {
  stored: number;
  lost: number;
  duplicates: number;
  mismatched: number;
  timelineMismatches: number;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

function sameAggregate(stored: MinuteAggregate, sent: MinuteAggregate): boolean {
  const keys: (keyof MinuteAggregate)[] = ['minute', 'samples', 'positive', 'neutral', 'negative', 'notDetected', 'unknown', 'meanEngagement', 'topExpression'];
  return keys.every((key) => stored[key] === sent[key]);
}

async function readBack(baseUrl: string, code: string, teacherSecret: string, students: readonly SimStudent[]): Promise<Verdict> {
  const verdict: Verdict = { stored: 0, lost: 0, duplicates: 0, mismatched: 0, timelineMismatches: 0 };
  const ok = (answer: Answer, what: string) => {
    if (answer.status !== 200) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  // What each student's own read-back says: every row the hub holds for them.
  const listings = await mapLimited(students, READ_CONCURRENCY, async (student) => {
    const body = ok(await send(baseUrl, 'GET', `/classes/${code}/students/me`, { token: student.token }), 'read-back') as { minutes: MinuteAggregate[] };
    return body.minutes;
  });
  students.forEach((student, i) => {
    const seen = new Set<number>();
    for (const row of listings[i] ?? []) {
      verdict.stored++;
      if (seen.has(row.minute)) verdict.duplicates++;
      seen.add(row.minute);
      const sent = student.finals.get(row.minute);
      if (!sent || !sameAggregate(row, sent)) verdict.mismatched++;
    }
    for (const minute of student.finals.keys()) if (!seen.has(minute)) verdict.lost++;
  });

  // What the teacher's aggregates say: a double count would show as extra minutes or samples.
  const participants = (ok(await send(baseUrl, 'GET', `/classes/${code}/participants`, { token: teacherSecret }), 'participants') as {
    participants: { studentId: string; minutesShared: number; totals: { samples: number } }[];
  }).participants;
  const byId = new Map(participants.map((p) => [p.studentId, p]));
  for (const student of students) {
    const row = byId.get(student.studentId);
    const expectedSamples = [...student.finals.values()].reduce((sum, m) => sum + m.samples, 0);
    if (!row) continue; // already counted as lost above
    if (row.minutesShared > student.finals.size) verdict.duplicates += row.minutesShared - student.finals.size;
    if (row.minutesShared === student.finals.size && row.totals.samples !== expectedSamples) verdict.mismatched++;
  }

  const timeline = ok(await send(baseUrl, 'GET', `/classes/${code}/timeline`, { token: teacherSecret }), 'timeline') as {
    withheld: boolean;
    minutes?: { minute: number; students: number; totals?: { samples: number } }[];
  };
  if (!timeline.withheld) {
    const expected = new Map<number, { students: number; samples: number }>();
    for (const student of students) {
      for (const aggregate of student.finals.values()) {
        const cell = expected.get(aggregate.minute) ?? { students: 0, samples: 0 };
        cell.students++;
        cell.samples += aggregate.samples;
        expected.set(aggregate.minute, cell);
      }
    }
    for (const row of timeline.minutes ?? []) {
      const cell = expected.get(row.minute);
      if (!cell || cell.students !== row.students || (row.totals && row.totals.samples !== cell.samples)) verdict.timelineMismatches++;
    }
  }
  return verdict;
}

// ---------------------------------------------------------------- main

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function withRetries<T>(what: string, run: () => Promise<Answer>, expected: number): Promise<T> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      const answer = await run();
      if (answer.status === expected) return answer.body as T;
      if (answer.status !== 429 && answer.status < 500) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    } catch (error) {
      if (!(error instanceof ConnectionCut)) throw error;
    }
    await sleep(100 * 2 ** attempt);
  }
  throw new Error(`${what}: gave up after ${MAX_ATTEMPTS} attempts (a --url hub may need --joins-per-minute raised)`);
}

/** Counts the teacher's live events while the test runs; ends with the returned function. */
function listenToEvents(baseUrl: string, code: string, teacherSecret: string, stats: Stats): () => void {
  const request = httpRequest(new URL(`/classes/${code}/events`, baseUrl), { headers: { authorization: `Bearer ${teacherSecret}` }, agent: false });
  request.on('response', (response) => {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (stats.events += chunk.split('\nevent: minutes\n').length - 1));
    response.on('error', () => undefined);
  });
  request.on('error', () => undefined);
  request.end();
  return () => request.destroy();
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  const started = performance.now();
  // Bounded in time whatever happens: the simulated class plus generous room for joins and read-back.
  const deadline = setTimeout(() => {
    log('loadtest: deadline passed, giving up');
    process.exit(3);
  }, options.minutes * options.minuteMs + 120_000 + options.students * 100);
  deadline.unref();

  let hub: RunningHub | null = null;
  let dataDir: string | null = null;
  try {
    let baseUrl = options.url;
    if (baseUrl === null) {
      dataDir = mkdtempSync(join(tmpdir(), 'raut-hub-loadtest-'));
      // Every simulated student comes from 127.0.0.1, so the per-address limits go up.
      hub = await spawnHub({ dataDir, extraArgs: ['--joins-per-minute', '1000000', '--failures-per-minute', '1000000'] });
      baseUrl = hub.url;
      log(`loadtest: hub started at ${baseUrl} (data in ${dataDir})`);
    }

    const created = await withRetries<{ code: string; teacherSecret: string }>('create class', () => send(baseUrl, 'POST', '/classes', { body: { name: 'Load test class' } }), 201);
    const simulation = new Simulation(baseUrl, created.code, options);
    const stopEvents = listenToEvents(baseUrl, created.code, created.teacherSecret, simulation.stats);

    const students: SimStudent[] = await mapLimited(
      Array.from({ length: options.students }, (_, index) => index),
      32,
      async (index) => {
        const joined = await withRetries<{ studentId: string; studentToken: string }>(
          'join',
          () => send(baseUrl, 'POST', `/classes/${created.code}/join`, { body: { displayName: `Student ${index + 1}` } }),
          201,
        );
        return { index, studentId: joined.studentId, token: joined.studentToken, queue: [], finals: new Map(), offline: false, chain: Promise.resolve() };
      },
    );
    log(`loadtest: ${students.length} students joined class ${created.code}`);

    // Simulated minutes lie in the past, so none is "in the future" for the hub, whatever --minutes says.
    const firstMinute = Math.floor(Date.now() / 60_000) * 60_000 - options.minutes * 60_000;
    const random = seededRandom(options.seed + 1);
    for (let tick = 0; tick < options.minutes; tick++) {
      const tickStart = performance.now();
      const minute = firstMinute + tick * 60_000;
      for (const student of students) {
        // Spread over most of the simulated minute, as real clocks are not in step.
        const delay = random() * options.minuteMs * 0.8;
        student.chain = student.chain.then(() => sleep(delay)).then(() => simulation.minuteOver(student, minute));
      }
      await sleep(Math.max(0, options.minuteMs - (performance.now() - tickStart)));
      log(`loadtest: minute ${tick + 1}/${options.minutes}: ${simulation.stats.requests} requests so far`);
    }
    // End of class: whoever is still offline comes back and sends their queue.
    for (const student of students) student.chain = student.chain.then(() => simulation.flush(student));
    await Promise.all(students.map((student) => student.chain));
    await sleep(200);
    stopEvents();

    const verdict = await readBack(baseUrl, created.code, created.teacherSecret, students);
    const { stats } = simulation;
    const sent = students.reduce((sum, student) => sum + student.finals.size, 0);
    const result = {
      students: students.length,
      sent,
      stored: verdict.stored,
      lost: verdict.lost,
      duplicates: verdict.duplicates,
      p95_ms: Math.round(percentile(stats.latencies, 95) * 10) / 10,
      p50_ms: Math.round(percentile(stats.latencies, 50) * 10) / 10,
      p99_ms: Math.round(percentile(stats.latencies, 99) * 10) / 10,
      mismatched: verdict.mismatched,
      timeline_mismatches: verdict.timelineMismatches,
      requests: stats.requests,
      resent: stats.resent,
      reconnects: stats.reconnects,
      cut_connections: stats.cut,
      retries: stats.retries,
      corrected: stats.corrected,
      failed: stats.failed,
      unexpected: stats.unexpected.length,
      sse_events: stats.events,
      minute_ms: options.minuteMs,
      elapsed_s: Math.round((performance.now() - started) / 100) / 10,
    };
    for (const line of stats.unexpected.slice(0, 10)) log(`loadtest: unexpected answer: ${line}`);
    if (!options.json) {
      log(`loadtest: ${sent} minutes sent by ${students.length} students in ${stats.requests} requests (${stats.resent} deliberate resends, ${stats.cut} cut connections, ${stats.reconnects} reconnects, ${stats.corrected} corrections)`);
      log(`loadtest: stored ${verdict.stored}, lost ${verdict.lost}, duplicates ${verdict.duplicates}, mismatched ${verdict.mismatched}; upload p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms`);
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    const clean = verdict.lost === 0 && verdict.duplicates === 0 && verdict.mismatched === 0 && verdict.timelineMismatches === 0 && stats.failed === 0 && stats.unexpected.length === 0;
    return clean ? 0 : 1;
  } finally {
    keepAlive.destroy();
    await hub?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`loadtest failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
