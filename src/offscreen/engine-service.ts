/**
 * Answers the background's engine requests, whichever document hosts the engine: Chromium's
 * offscreen document (by runtime port, offscreen/main.ts) or Firefox's background page itself
 * (by direct call, background/engine-host.ts). One place, so both browsers behave the same.
 */
import { Engine } from './engine';
import { DEFAULT_MODEL_ID, findModelAdapter } from './models/registry';
import { messageOf } from '../shared/error-message';
import type { AnalyseReply, BackgroundToOffscreen } from '../shared/messages';
import type { EngineStatus } from '../shared/types';

export type EngineService = (request: BackgroundToOffscreen) => Promise<AnalyseReply | EngineStatus>;

/** `assetUrl`: absolute URL of a file packaged with the extension. */
export function createEngineService(assetUrl: (path: string) => string): EngineService {
  const adapter = findModelAdapter(DEFAULT_MODEL_ID);
  if (!adapter) throw new Error(`no adapter for the default model ${DEFAULT_MODEL_ID}`);
  const engine = new Engine({ assetUrl }, adapter);
  return (request) => {
    if (request.type === 'engine-status') return Promise.resolve(engine.getStatus());
    engine.setMode({ backend: request.backend, attentionOnly: request.attentionOnly });
    if (request.type === 'warm') return engine.warm().then(() => engine.getStatus());
    return engine.analyse(request.frame, request.calibration).then(
      (analysis): AnalyseReply => ({ ok: true, analysis, engine: engine.getStatus() }),
      (error: unknown): AnalyseReply => ({
        ok: false,
        error: messageOf(error),
        engine: engine.getStatus(),
      }),
    );
  };
}
