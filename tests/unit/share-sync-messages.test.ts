/**
 * The background's sharing refusals and stored reasons are messages (issue 8): the popup words
 * them in its own language, and reasons stored as plain English by an earlier Raut still show.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { HubClient } from '../../src/background/sharing/hub-client';
import { MemoryKeyValueStore } from '../../src/background/sharing/kv';
import { CONSENTS_KEY, REVOCATIONS_KEY, ShareSync } from '../../src/background/sharing/sync';
import { describeError, errorOfText, LocalizedError, localize, textOfError } from '../../src/shared/i18n';
import type { ShareConsentState } from '../../src/shared/sharing';
import { openRautDb } from '../../src/shared/storage';
import { localizerFor } from '../helpers/i18n';

const en = localizerFor('en');
const id = localizerFor('id');
const HUB = 'http://127.0.0.1:8787';

/** A sync whose hub is never reached: every refusal below comes before any request. */
function offlineSync(sharingAllowed = true) {
  const requests: string[] = [];
  const client = new HubClient({
    fetch: async (url) => {
      requests.push(String(url));
      return new Response('{}', { status: 500 });
    },
  });
  const sync = new ShareSync({
    db: () => Promise.reject(new Error('no database in this test')),
    kv: new MemoryKeyValueStore(),
    client,
    sharingAllowed: async () => sharingAllowed,
  });
  return { sync, requests };
}

const refusal = (attempt: Promise<unknown>) => attempt.then(() => null, (error: unknown) => error);

describe('joining refusals', () => {
  it('refuses a bad class code with a message, in the reader’s language', async () => {
    const { sync, requests } = offlineSync();
    const error = await refusal(sync.join(HUB, 'ABC', 'Ana'));
    expect(error).toBeInstanceOf(LocalizedError);
    expect(error).toMatchObject({ key: 'shareForm_codeInvalid' });
    expect(describeError(error, en.t)).toBe('A class code has 10 letters and digits, as your teacher gave it.');
    expect(describeError(error, id.t)).toBe('Kode kelas terdiri dari 10 huruf dan angka, persis seperti yang diberikan guru Anda.');
    expect(requests).toEqual([]);
  });

  it('refuses a missing or too long name', async () => {
    const { sync } = offlineSync();
    expect(await refusal(sync.join(HUB, 'ABCDEFGH23', '   '))).toMatchObject({ key: 'shareForm_nameMissing' });
    const long = await refusal(sync.join(HUB, 'ABCDEFGH23', 'n'.repeat(61)));
    expect(long).toMatchObject({ key: 'shareForm_nameTooLong', params: { max: 60 } });
    expect(describeError(long, id.t)).toBe('Gunakan paling banyak 60 karakter.');
  });

  it('refuses an unencrypted remote hub, saying why inside the sentence', async () => {
    const { sync, requests } = offlineSync();
    const error = await refusal(sync.join('http://hub.sekolah.sch.id', 'ABCDEFGH23', 'Ana'));
    expect(error).toMatchObject({ key: 'teacher_hubInvalid', params: { reason: { key: 'hubUrl_notEncrypted' } } });
    expect(describeError(error, id.t)).toBe(
      'Alamat ini tidak bisa dipakai: ditolak: http://hub.sekolah.sch.id tidak terenkripsi; Raut mengirim ke hub lewat https, atau lewat http biasa hanya di komputer ini (localhost)',
    );
    expect(requests).toEqual([]);
  });

  it('refuses everything while the school’s policy turns sharing off', async () => {
    const { sync } = offlineSync(false);
    const error = await refusal(sync.join(HUB, 'ABCDEFGH23', 'Ana'));
    expect(error).toMatchObject({ key: 'policy_sharingOff' });
    expect(describeError(error, id.t)).toBe('Sekolah Anda mematikan fitur berbagi ke hub kelas: tidak ada data yang dikirim ke guru.');
  });

  it('crosses the runtime message as plain data and is worded again on the popup’s side', async () => {
    const { sync } = offlineSync();
    const error = await refusal(sync.join(HUB, 'ABC', 'Ana'));
    // What worker.ts puts in { ok: false, error } and share-client.ts throws again.
    const sent = JSON.parse(JSON.stringify(textOfError(error)));
    expect(sent).toEqual({ key: 'shareForm_codeInvalid' });
    expect(describeError(errorOfText(sent), id.t)).toBe(describeError(error, id.t));
  });

  it('says a stop for a class not shared is a message too', async () => {
    const { sync } = offlineSync();
    const stopped = await sync.revoke('abcdefgh23', { deleteOnHub: false });
    expect(stopped).toMatchObject({ stopped: false, error: { key: 'share_notShared', params: { code: 'ABCDEFGH23' } } });
    expect(localize(stopped.error!, id.t)).toBe('Kelas ABCDEFGH23 memang tidak sedang dibagikan.');
  });
});

describe('reasons stored by an earlier Raut', () => {
  it('come back unchanged as plain text, which the popup shows as it is', async () => {
    const db = await openRautDb(`raut-share-messages-${Math.random().toString(36).slice(2)}`);
    const kv = new MemoryKeyValueStore();
    const old = 'the hub at http://127.0.0.1:8787 could not be reached (fetch failed); Raut will try again';
    const consent: ShareConsentState = {
      classCode: 'ABCDEFGH23',
      hubUrl: HUB,
      studentId: 'st1',
      studentToken: 'st1.secret',
      displayName: 'Ana',
      consentedAt: 0,
      nextMinute: 60_000,
      lastSyncAt: 1,
      lastError: old,
      broken: null,
      failures: 1,
      retryAt: null,
    };
    await kv.set(CONSENTS_KEY, { [consent.classCode]: consent });
    await kv.set(REVOCATIONS_KEY, {
      'KLMNPQRS23|st2': { classCode: 'KLMNPQRS23', hubUrl: HUB, studentId: 'st2', studentToken: 'st2.x', requestedAt: 0, attempts: 2, lastError: 'fetch failed', retryAt: null },
    });
    const sync = new ShareSync({ db: async () => db, kv });
    const status = await sync.status();
    expect(status.consents[0]?.lastError).toBe(old);
    expect(status.pendingRevocations[0]?.lastError).toBe('fetch failed');
    expect(localize(status.consents[0]!.lastError!, id.t)).toBe(old);
    db.close();
  });
});
