import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import webExtension from 'vite-plugin-web-extension';
import { browserTargetFrom, extraPagesFor, manifestFor } from './scripts/browser-targets';
import { PACKAGED_ASSETS } from './scripts/packaged-assets';

const root = import.meta.dirname;
/** One build per browser: RAUT_BROWSER=chrome|firefox (npm run build runs both). */
const target = browserTargetFrom(process.env.RAUT_BROWSER);
const outDir = resolve(root, 'dist', target);

function copyPackagedAssets(): Plugin {
  return {
    name: 'raut-copy-packaged-assets',
    apply: 'build',
    writeBundle() {
      for (const asset of PACKAGED_ASSETS) {
        const source = resolve(root, asset.from);
        if (!existsSync(source)) {
          throw new Error(`${asset.from} is missing: run "npm run prepare-models" (and "npm ci") first`);
        }
        const target = join(outDir, asset.to);
        mkdirSync(target, { recursive: true });
        for (const name of readdirSync(source)) {
          if (asset.filter && !asset.filter(name)) continue;
          if (name === 'README.md') continue;
          cpSync(join(source, name), join(target, name), { recursive: true });
        }
      }
    },
  };
}

/** chrome.i18n's message files (the manifest's __MSG_…__ names and every page's words); the plugin does not copy them. */
function copyLocales(): Plugin {
  return {
    name: 'raut-copy-locales',
    apply: 'build',
    writeBundle() {
      cpSync(resolve(root, '_locales'), join(outDir, '_locales'), { recursive: true });
    },
  };
}

export default defineConfig({
  root,
  publicDir: 'public',
  // The engine's host differs per browser (src/background/engine-host.ts); the other branch is dropped.
  define: { __RAUT_TARGET__: JSON.stringify(target) },
  build: {
    outDir,
    emptyOutDir: true,
    // tfjs is large by nature; the offscreen bundle is loaded once per browser session.
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
    target: 'es2022',
  },
  plugins: [
    preact(),
    webExtension({
      manifest: () => manifestFor(target, JSON.parse(readFileSync(resolve(root, 'manifest.json'), 'utf8')) as Record<string, unknown>),
      browser: target,
      additionalInputs: extraPagesFor(target),
      // "message_serialization" is newer than the plugin's schema; Chromium 156 accepts it.
      skipManifestValidation: true,
      disableAutoLaunch: true,
    }),
    copyPackagedAssets(),
    copyLocales(),
  ],
});
