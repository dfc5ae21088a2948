/** storage.local as the sharing modules' KeyValueStore (extension contexts only). */
import browser from 'webextension-polyfill';
import type { KeyValueStore } from './kv';

export const browserLocalStore: KeyValueStore = {
  async get(key) {
    return (await browser.storage.local.get(key))[key];
  },
  async set(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
};
