/**
 * Helpers that reach into the loaded extension the way a user's browser would: its service
 * worker, its pages and its real IndexedDB (read from an extension page).
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { SampleRecord, SessionRecord, Settings } from '../../src/shared/types';

export async function extensionWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers().find((worker) => worker.url().startsWith('chrome-extension://'));
  return existing ?? context.waitForEvent('serviceworker', { timeout: 30_000 });
}

export function extensionId(worker: Worker): string {
  return new URL(worker.url()).host;
}

/** Marks the first-run notice as read and applies settings, as a student would in the popup. */
export async function prepareExtension(worker: Worker, settings: Partial<Settings> = {}): Promise<void> {
  await worker.evaluate(async (patch) => {
    const stored = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({
      firstRun: { firstRunAcknowledged: true },
      settings: { ...(stored.settings ?? {}), ...patch },
    });
  }, settings);
}

export async function openExtensionPage(context: BrowserContext, id: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/${path}`);
  return page;
}

export interface StoredData {
  sessions: SessionRecord[];
  samples: SampleRecord[];
}

/** A page of the extension from Playwright (Chromium) or Puppeteer (Firefox): both evaluate a function with one serialisable argument. */
export interface EvaluatingPageWithArg<A> {
  evaluate<T>(pageFunction: (arg: A) => Promise<T>, arg: A): Promise<T>;
}

/** Writes records straight into Raut's database through an extension page, as sessions from earlier weeks would be. */
export async function seedStoredData(page: EvaluatingPageWithArg<StoredData>, data: StoredData): Promise<void> {
  await page.evaluate(async ({ sessions, samples }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('raut');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['sessions', 'samples'], 'readwrite');
    for (const record of sessions) tx.objectStore('sessions').put(record);
    for (const record of samples) tx.objectStore('samples').add(record);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, data);
}

/**
 * Everything in Raut's IndexedDB, read through an extension page (same origin as the extension),
 * as the popup reads it: the background first writes the samples waiting for their batch.
 * `settle: false` reads only what is written already.
 */
export async function readStoredData(page: EvaluatingPageWithArg<boolean>, { settle = true }: { settle?: boolean } = {}): Promise<StoredData> {
  return page.evaluate(async (settleFirst) => {
    const extensionApi = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
    if (settleFirst) await extensionApi.runtime.sendMessage({ type: 'flush-samples' }).catch(() => undefined);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('raut');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const [sessions, samples] = await Promise.all([all<SessionRecord>('sessions'), all<SampleRecord>('samples')]);
    db.close();
    return { sessions, samples };
  }, settle);
}

export async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    last = await probe();
  }
  return last;
}
