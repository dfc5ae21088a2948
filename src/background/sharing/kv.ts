/**
 * The small key-value store the sharing modules keep their consents in. In the extension it is
 * storage.local (see browser-kv.ts); tests pass an in-memory stand-in. Kept as an interface so
 * that the sync modules never import webextension-polyfill, which only loads inside a browser.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** In-memory stand-in for storage.local (tests; values are cloned like the real store does). */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  async get(key: string): Promise<unknown> {
    const value = this.values.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }
  async set(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
}
