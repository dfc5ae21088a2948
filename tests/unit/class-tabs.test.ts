import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Stands in for the browser's storage.session (a Map), which only exists in an extension. */
const sessionStorage = new Map<string, unknown>();
vi.mock('webextension-polyfill', () => ({
  default: {
    storage: {
      session: {
        async get(keys: string[]) {
          return Object.fromEntries(keys.filter((key) => sessionStorage.has(key)).map((key) => [key, structuredClone(sessionStorage.get(key))]));
        },
        async set(items: Record<string, unknown>) {
          for (const [key, value] of Object.entries(items)) sessionStorage.set(key, structuredClone(value));
        },
      },
    },
  },
}));

const { ClassTabs } = await import('../../src/background/class-tabs');
type ClassTab = import('../../src/background/class-tabs').ClassTab;

function tab(tabId: number, sessionId: string | null): ClassTab {
  return {
    tabId,
    info: { platform: 'demo', title: 'Maths', url: 'http://127.0.0.1/raut-demo/' },
    camera: 'live',
    cameraDetail: '',
    sessionId,
    lastAnalysis: null,
    lastFaceAt: null,
    updatedAt: 1,
  };
}

describe('ClassTabs: closed tabs', () => {
  beforeEach(() => sessionStorage.clear());

  it('remembers the session a closed tab ended, and nothing for an open or unknown tab', async () => {
    const tabs = new ClassTabs();
    await tabs.upsert(7, () => tab(7, 'session-a'));
    await tabs.upsert(8, () => tab(8, null));
    expect(await tabs.closedSession(7)).toBeUndefined();
    expect(await tabs.remove(7)).toMatchObject({ sessionId: 'session-a' });
    await tabs.remove(8);
    expect(await tabs.closedSession(7)).toBe('session-a');
    expect(await tabs.closedSession(8)).toBeNull();
    expect(await tabs.closedSession(9)).toBeUndefined();
    expect((await tabs.all()).map((open) => open.tabId)).toEqual([]);
  });

  it('does not bring a closed tab back when work begun before the close updates it', async () => {
    const tabs = new ClassTabs();
    await tabs.upsert(7, () => tab(7, 'session-a'));
    await tabs.remove(7);
    await tabs.upsert(7, (current) => ({ ...(current ?? tab(7, 'session-a')), camera: 'live', updatedAt: 2 }), 'later');
    expect(await tabs.get(7)).toBeUndefined();
    expect(await tabs.mostRecent()).toBeUndefined();
  });

  it('still knows them after a service-worker restart (storage.session)', async () => {
    const before = new ClassTabs();
    await before.upsert(7, () => tab(7, 'session-a'));
    await before.upsert(11, () => tab(11, 'session-b'));
    await before.remove(7);
    const restarted = new ClassTabs();
    expect(await restarted.closedSession(7)).toBe('session-a');
    expect(await restarted.closedSession(11)).toBeUndefined();
    expect(await restarted.get(11)).toMatchObject({ sessionId: 'session-b' });
  });
});
