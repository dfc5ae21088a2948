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
  /** When this tab last reported anything: the popup shows the most recent tab. */
  updatedAt: number;
}

const STORAGE_KEY = 'classTabs';
const LAZY_PERSIST_MS = 5000;

export class ClassTabs {
  private tabs = new Map<number, ClassTab>();
  private readonly loaded: Promise<void>;
  private saving: Promise<void> = Promise.resolve();
  private pendingPersist: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.loaded = browser.storage.session.get(STORAGE_KEY).then((stored) => {
      const list = (stored[STORAGE_KEY] as ClassTab[] | undefined) ?? [];
      for (const tab of list) this.tabs.set(tab.tabId, tab);
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
   * worker needs (the session id) is written at once.
   */
  async upsert(
    tabId: number,
    update: (current: ClassTab | undefined) => ClassTab,
    persist: 'now' | 'later' = 'now',
  ): Promise<ClassTab> {
    await this.loaded;
    const next = update(this.tabs.get(tabId));
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

  async remove(tabId: number): Promise<ClassTab | undefined> {
    await this.loaded;
    const removed = this.tabs.get(tabId);
    this.tabs.delete(tabId);
    await this.persist();
    return removed;
  }

  private persist(): Promise<void> {
    if (this.pendingPersist !== null) clearTimeout(this.pendingPersist);
    this.pendingPersist = null;
    const snapshot = [...this.tabs.values()];
    this.saving = this.saving.then(() => browser.storage.session.set({ [STORAGE_KEY]: snapshot }));
    return this.saving;
  }
}
