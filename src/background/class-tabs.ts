/**
 * What the worker knows about each class tab: its class, camera state, session and last result.
 * Mirrored into storage.session so a service-worker restart resumes the same session instead of
 * splitting it (storage.session survives worker restarts, not browser restarts).
 */
import browser from 'webextension-polyfill';
import type { CameraState, ClassInfo } from '../shared/messages';
import type { FrameAnalysis } from '../shared/types';

export interface ClassTab {
  tabId: number;
  info: ClassInfo;
  camera: CameraState | 'none';
  cameraDetail: string;
  sessionId: string | null;
  lastAnalysis: (FrameAnalysis & { time: number }) | null;
  lastFaceAt: number | null;
  /** The width its frames are sent at now (frame-width.ts); absent until its first analysis: the configured width. */
  frameWidth?: number;
  /** When this tab last reported anything: the popup shows the most recent tab. */
  updatedAt: number;
}

const STORAGE_KEY = 'classTabs';
const CLOSED_KEY = 'closedClassTabs';
const LAZY_PERSIST_MS = 5000;

export class ClassTabs {
  private tabs = new Map<number, ClassTab>();
  /**
   * Tabs closed in this browser session, each with the session it ended (null: none). A frame
   * captured before the close can be analysed after it; it must not open a new session for a
   * tab that is gone. Browsers do not reuse tab ids until they restart.
   */
  private closed = new Map<number, string | null>();
  private readonly loaded: Promise<void>;
  private saving: Promise<void> = Promise.resolve();
  private pendingPersist: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.loaded = browser.storage.session.get([STORAGE_KEY, CLOSED_KEY]).then((stored) => {
      const list = (stored[STORAGE_KEY] as ClassTab[] | undefined) ?? [];
      for (const tab of list) this.tabs.set(tab.tabId, tab);
      this.closed = new Map((stored[CLOSED_KEY] as [number, string | null][] | undefined) ?? []);
    });
  }

  async get(tabId: number): Promise<ClassTab | undefined> {
    await this.loaded;
    return this.tabs.get(tabId);
  }

  async all(): Promise<ClassTab[]> {
    await this.loaded;
    return [...this.tabs.values()];
  }

  /** The tab the popup should describe: the most recently active one. */
  async mostRecent(): Promise<ClassTab | undefined> {
    const tabs = await this.all();
    return tabs.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  }

  /**
   * Updates a tab. `persist: 'later'` is for fields only the live view reads (last analysis):
   * they are written at most every few seconds instead of on every frame. Anything a restarted
   * worker needs (the session id) is written at once. A closed tab is not brought back: work
   * that began before the close (a frame's analysis) may finish after it.
   */
  async upsert(
    tabId: number,
    update: (current: ClassTab | undefined) => ClassTab,
    persist: 'now' | 'later' = 'now',
  ): Promise<ClassTab> {
    await this.loaded;
    const next = update(this.tabs.get(tabId));
    if (this.closed.has(tabId)) return next;
    this.tabs.set(tabId, next);
    if (persist === 'now') await this.persist();
    else this.persistSoon();
    return next;
  }

  private persistSoon(): void {
    if (this.pendingPersist !== null) return;
    this.pendingPersist = setTimeout(() => {
      this.pendingPersist = null;
      void this.persist();
    }, LAZY_PERSIST_MS);
  }

  /** Forgets a closed tab, remembering which session it ended (closedSession). */
  async remove(tabId: number): Promise<ClassTab | undefined> {
    await this.loaded;
    const removed = this.tabs.get(tabId);
    this.tabs.delete(tabId);
    this.closed.set(tabId, removed?.sessionId ?? null);
    await this.persist();
    return removed;
  }

  /** For a closed tab, the session it ended (null: it had none); undefined for a tab that was never closed. */
  async closedSession(tabId: number): Promise<string | null | undefined> {
    await this.loaded;
    return this.closed.get(tabId);
  }

  private persist(): Promise<void> {
    if (this.pendingPersist !== null) clearTimeout(this.pendingPersist);
    this.pendingPersist = null;
    const snapshot = { [STORAGE_KEY]: [...this.tabs.values()], [CLOSED_KEY]: [...this.closed.entries()] };
    this.saving = this.saving.then(() => browser.storage.session.set(snapshot));
    return this.saving;
  }
}
