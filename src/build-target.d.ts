/** The browser this bundle was built for (vite.config.ts `define`; vitest.config.ts for tests). */
declare const __RAUT_TARGET__: 'chrome' | 'firefox';
