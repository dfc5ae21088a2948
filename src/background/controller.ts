/**
 * The background worker's behaviour: class tabs, sessions, frames → engine → storage, the live
 * status for the popup, pause and settings. index.ts only wires browser events to these methods.
 */
import browser from 'webextension-polyfill';
import { admits } from './admission';
import { forgetBadge, showBadge } from './badge';
import { CalibrationKeeper } from './calibration';
import { ClassTabs, type ClassTab } from './class-tabs';
import { nextFrameWidth } from './frame-width';
import { engineStatus, startEngineHost, warmEngine } from './engine-host';
import { ExpressionSmoothing, type ExpressionReading } from './expression-smoothing';
import { syncExtraHostScripts } from './extra-hosts';
import type { ManagedPolicy } from './policy';
import { applyRetention } from './retention';
import { SampleWriter } from './sample-writer';
import { endOrphanedSessions, endSession, startSession } from './sessions';
import { messageOf } from '../shared/error-message';
import type { AnalyseReply, BackgroundToContent, CameraState, ClassInfo, FrameAdmission, FrameReply } from '../shared/messages';
import { loadSettings as readSettings, onSettingsChanged, saveSettings } from '../shared/settings';
import { openRautDb, type RautDb } from '../shared/storage';
import type { EngineStatus, FrameAnalysis, LiveStatus, SampleRecord, Settings } from '../shared/types';

/** The stored record of one analysed frame: raw probabilities, top and valence from `reading` (smoothed or not). */
function sampleOf(sessionId: string, time: number, analysis: FrameAnalysis, reading: ExpressionReading): SampleRecord {
  return {
    sessionId,
    time,
    faceFound: analysis.faceFound,
    faceCount: analysis.faceCount,
    box: analysis.box,
    probabilities: analysis.probabilities,
    top: reading.top,
    valence: reading.valence,
    ...(reading.smoothed ? { smoothed: reading.smoothed } : {}),
    unknownReason: analysis.unknownReason,
    backend: analysis.backend,
    modelId: analysis.modelId,
    modelVersion: analysis.modelVersion,
    engagement: analysis.engagement,
  };
}

export class BackgroundController {
  private dbPromise: Promise<RautDb> | null = null;
  private readonly tabs = new ClassTabs();
  private readonly writer = new SampleWriter(() => this.db());
  readonly calibration = new CalibrationKeeper();
  private readonly smoothing = new ExpressionSmoothing();
  private lastEngine: EngineStatus = { state: 'idle', backend: null, detector: null, message: null, modelId: null };
  /** Settings are read on every frame: keep them in memory, refreshed whenever storage changes. */
  private settings: Promise<Settings> | null = null;
  /** The latest batch of samples that could not be stored, until a frame's reply reports it. */
  private writeFailure: string | null = null;

  constructor(private readonly policy: ManagedPolicy) {
    onSettingsChanged((settings) => {
      this.settings = Promise.resolve(settings);
    });
  }

  private loadSettings(): Promise<Settings> {
    this.settings ??= readSettings();
    return this.settings;
  }

  db(): Promise<RautDb> {
    this.dbPromise ??= openRautDb();
    return this.dbPromise;
  }

  /** The database once every sample analysed so far is in it: for whatever reads samples or sessions. */
  async settledDb(): Promise<RautDb> {
    await this.writer.flush();
    return this.db();
  }

  /** Queues a sample for the next batch (sample-writer.ts); a failed batch is reported by the next frame's reply. */
  private keep(sample: SampleRecord): void {
    this.writer.add(sample).catch((error: unknown) => {
      const reason = messageOf(error);
      this.writeFailure = `samples could not be stored: ${reason}`;
      console.warn('[Raut]', this.writeFailure);
    });
  }

  /** Ends a session once its waiting samples are written: its end time and sample count include them. */
  private async endSessionWritten(sessionId: string, reason: string): Promise<void> {
    await endSession(await this.settledDb(), sessionId, reason);
  }

  /** Worker start: close sessions whose tabs are gone (browser restart or crash) and apply retention. */
  async start(): Promise<void> {
    const db = await this.db();
    const live = new Set<string>();
    for (const tab of await this.tabs.all()) {
      const exists = await browser.tabs.get(tab.tabId).then(() => true, () => false);
      if (exists && tab.sessionId) live.add(tab.sessionId);
      if (!exists) await this.tabs.remove(tab.tabId);
    }
    await endOrphanedSessions(db, live);
    await applyRetention(db);
    await this.syncHosts((await this.loadSettings()).extraHosts);
    await this.refreshBadges();
  }

  private isEnabled(settings: Settings, info: ClassInfo): boolean {
    return !settings.paused && settings.platforms[info.platform];
  }

  /** `frameWidth`: the tab's adapted width (frame-width.ts); the configured one when left out. */
  private samplingFor(settings: Settings, info: ClassInfo, frameWidth = settings.frameWidth): BackgroundToContent {
    return {
      type: 'sampling',
      samplesPerSecond: this.isEnabled(settings, info) ? settings.samplesPerSecond : 0,
      frameWidth,
    };
  }

  /** Narrows or widens a tab's frames after an analysis (frame-width.ts), telling its content script when that changes. */
  private async adaptFrameWidth(tabId: number, tab: ClassTab, settings: Settings, time: number, analysis: FrameAnalysis): Promise<void> {
    const current = tab.frameWidth ?? settings.frameWidth;
    const sinceLastFaceMs = analysis.faceFound ? 0 : time - (tab.lastFaceAt ?? time);
    const next = nextFrameWidth({ configured: settings.frameWidth, current, face: analysis.faceFound ? analysis.box : null, sinceLastFaceMs });
    if (next === current) return;
    await this.tabs.upsert(tabId, (latest) => ({ ...(latest ?? tab), frameWidth: next }));
    await browser.tabs.sendMessage(tabId, this.samplingFor(settings, tab.info, next)).catch(() => undefined);
  }

  async onClassPage(tabId: number, info: ClassInfo): Promise<BackgroundToContent> {
    forgetBadge(tabId); // the browser clears a tab's badge when it navigates
    const previous = await this.tabs.get(tabId);
    if (previous?.sessionId && previous.info.url !== info.url) {
      await this.endSessionWritten(previous.sessionId, 'left the class page');
    }
    const keepSession = previous?.info.url === info.url ? previous.sessionId : null;
    await this.tabs.upsert(tabId, () => ({
      tabId,
      info,
      camera: 'none',
      cameraDetail: '',
      sessionId: keepSession,
      lastAnalysis: null,
      lastFaceAt: null,
      updatedAt: Date.now(),
    }));
    await this.refreshBadges();
    const settings = await this.loadSettings();
    if (this.isEnabled(settings, info)) void this.warmEngine(settings);
    return this.samplingFor(settings, info);
  }

  /** The school's policy forces attention-only; otherwise the student's own setting decides. */
  private async attentionOnly(settings: Settings): Promise<boolean> {
    return (await this.policy.read()).policy.attentionOnly || settings.attentionOnly;
  }

  /** Loads the engine while the class page opens, before its camera turns on: the first frame finds it ready. */
  private async warmEngine(settings: Settings): Promise<void> {
    const attentionOnly = await this.attentionOnly(settings);
    await warmEngine({ backend: settings.backendPreference, attentionOnly }).catch((error: unknown) => console.warn('[Raut] could not warm the engine:', error));
  }

  async onCamera(tabId: number, info: ClassInfo, state: CameraState, detail: string): Promise<void> {
    if (state !== 'live') this.smoothing.forget(tabId); // the face after the camera returns may be another
    await this.tabs.upsert(tabId, (current) => ({
      ...(current ?? this.newTab(tabId, info)),
      info,
      camera: state,
      cameraDetail: detail,
      updatedAt: Date.now(),
    }));
    await this.refreshBadges();
  }

  private newTab(tabId: number, info: ClassInfo): ClassTab {
    return { tabId, info, camera: 'none', cameraDetail: '', sessionId: null, lastAnalysis: null, lastFaceAt: null, updatedAt: Date.now() };
  }

  /** Whether a tab's frame is analysed now, and with which options (the engine's host asks before each). */
  async admitFrame(info: ClassInfo): Promise<FrameAdmission> {
    const settings = await this.loadSettings();
    if (!this.isEnabled(settings, info)) return { analyse: false };
    const attentionOnly = await this.attentionOnly(settings);
    const calibration = await this.calibration.current();
    return {
      analyse: true,
      options: {
        backend: settings.backendPreference,
        attentionOnly,
        // Attention-only: nothing about expressions goes to the engine, not even the resting one.
        calibration: calibration && attentionOnly ? { ...calibration, restingExpression: null } : calibration,
      },
    };
  }

  /** A content script's frame port found no engine: start it (when analysis is on), so its retry finds one. */
  async onEngineWanted(info: ClassInfo): Promise<void> {
    const settings = await this.loadSettings();
    if (!this.isEnabled(settings, info)) return;
    await startEngineHost();
    void this.warmEngine(settings);
  }

  /**
   * Keeps what the engine made of an admitted frame (or notes its failure); `time` is the frame's
   * capture time. The sample is written with the next batch; a batch that failed before is reported
   * here, once. A frame that the admission in force now would refuse is not kept: the class was
   * paused, or attention-only began, while the frame was being analysed.
   */
  async recordAnalysis(tabId: number, info: ClassInfo, time: number, reply: AnalyseReply): Promise<FrameReply> {
    const writeFailure = this.writeFailure;
    this.writeFailure = null;
    const answer = await this.recordReply(tabId, info, time, reply);
    if (!writeFailure) return answer;
    return { ok: false, error: answer.ok ? writeFailure : `${answer.error}; ${writeFailure}` };
  }

  private async recordReply(tabId: number, info: ClassInfo, time: number, reply: AnalyseReply): Promise<FrameReply> {
    this.lastEngine = reply.engine;
    if (!reply.ok) {
      await this.refreshBadges();
      return { ok: false, error: reply.error };
    }
    const { analysis } = reply;
    if (!admits(await this.admitFrame(info), analysis)) return { ok: true, stored: false, analysis: null };
    const closedSession = await this.tabs.closedSession(tabId);
    if (closedSession !== undefined) return this.recordAfterClose(closedSession, time, analysis);
    const tab = await this.ensureSession(tabId, info, time);
    const settings = await this.loadSettings();
    // Raw probabilities are stored, top/valence follow the smoothed ones: see expression-smoothing.ts.
    const reading = this.smoothing.read(tabId, tab.sessionId as string, settings.smoothing, time, analysis);
    const sample = sampleOf(tab.sessionId as string, time, analysis, reading);
    this.keep(sample);
    await this.calibration.observe(sample.sessionId, time, analysis);
    // Only the popup's live view reads these fields: persisting them can wait a moment.
    await this.tabs.upsert(tabId, (current) => ({
      ...(current ?? tab),
      camera: 'live',
      lastAnalysis: { ...analysis, probabilities: reading.probabilities, top: reading.top, valence: reading.valence, time },
      lastFaceAt: analysis.faceFound ? time : (current?.lastFaceAt ?? null),
      updatedAt: Date.now(),
    }), 'later');
    await this.adaptFrameWidth(tabId, tab, settings, time, analysis);
    await this.refreshBadges();
    return { ok: true, stored: true, analysis };
  }

  /**
   * A frame captured while its class tab was open, analysed after the tab closed: it joins the session
   * the close ended (its capture time lies within it), unsmoothed (the tab's smoothing is forgotten),
   * and reopens nothing: no new session, no live state for a tab that is gone.
   */
  private async recordAfterClose(sessionId: string | null, time: number, analysis: FrameAnalysis): Promise<FrameReply> {
    if (sessionId === null) return { ok: true, stored: false, analysis };
    this.keep(sampleOf(sessionId, time, analysis, { ...analysis, smoothed: null }));
    return { ok: true, stored: true, analysis };
  }

  private async ensureSession(tabId: number, info: ClassInfo, time: number): Promise<ClassTab> {
    const tab = await this.tabs.get(tabId);
    if (tab?.sessionId) return tab;
    const session = await startSession(await this.db(), info, time);
    return this.tabs.upsert(tabId, (current) => ({ ...(current ?? this.newTab(tabId, info)), sessionId: session.id }));
  }

  async onTabClosed(tabId: number): Promise<void> {
    forgetBadge(tabId);
    this.smoothing.forget(tabId);
    const tab = await this.tabs.remove(tabId);
    if (tab?.sessionId) await this.endSessionWritten(tab.sessionId, 'tab closed');
  }

  async endSessionById(sessionId: string): Promise<void> {
    await this.endSessionWritten(sessionId, 'ended by the student');
    for (const tab of await this.tabs.all()) {
      if (tab.sessionId === sessionId) await this.tabs.upsert(tab.tabId, (current) => ({ ...(current ?? tab), sessionId: null }));
    }
  }

  /** After "delete all my data": running classes start fresh sessions on their next frame. */
  async onDataDeleted(): Promise<void> {
    this.writer.discard(); // their sessions are gone
    await this.calibration.reset(); // the resting pose and face are the student's data too
    this.smoothing.forgetAll();
    for (const tab of await this.tabs.all()) {
      await this.tabs.upsert(tab.tabId, (current) => ({ ...(current ?? tab), sessionId: null, lastAnalysis: null }));
    }
  }

  async setPaused(paused: boolean): Promise<void> {
    this.settings = saveSettings({ paused });
    await this.settings;
    await this.onSettingsChanged();
  }

  async togglePaused(): Promise<void> {
    await this.setPaused(!(await this.loadSettings()).paused);
  }

  /** Sends the new sampling configuration to every class tab. */
  async onSettingsChanged(): Promise<void> {
    const settings = await this.loadSettings();
    await this.syncHosts(settings.extraHosts);
    await applyRetention(await this.db()); // a shorter retention deletes at once, not hours later
    for (const tab of await this.tabs.all()) {
      // Back to the configured width: the next faces narrow the frames again where they may.
      if (tab.frameWidth !== undefined) await this.tabs.upsert(tab.tabId, (current) => ({ ...(current ?? tab), frameWidth: settings.frameWidth }));
      await browser.tabs.sendMessage(tab.tabId, this.samplingFor(settings, tab.info)).catch(() => undefined);
    }
    await this.refreshBadges();
  }

  private async syncHosts(patterns: readonly string[]): Promise<void> {
    await syncExtraHostScripts(patterns).catch((error: unknown) => console.warn('[Raut] could not register school hosts:', error));
  }

  async status(): Promise<LiveStatus> {
    const settings = await this.loadSettings();
    const tab = await this.tabs.mostRecent();
    const engine = this.lastEngine.state === 'idle' ? await engineStatus() : this.lastEngine;
    const { policy, problems } = await this.policy.read();
    const analysing = Boolean(tab && tab.camera === 'live' && this.isEnabled(settings, tab.info));
    return {
      analysing,
      paused: settings.paused,
      camera: tab?.camera ?? 'none',
      sessionId: tab?.sessionId ?? null,
      tabId: tab?.tabId ?? null,
      platform: tab?.info.platform ?? null,
      lastAnalysis: tab?.lastAnalysis ?? null,
      secondsWithoutFace:
        tab?.sessionId && tab.lastAnalysis
          ? Math.max(0, Math.round((tab.lastAnalysis.time - (tab.lastFaceAt ?? tab.lastAnalysis.time)) / 1000))
          : null,
      engine,
      policy,
      policyProblems: problems,
      attentionOnly: await this.attentionOnly(settings),
    };
  }

  private async refreshBadges(): Promise<void> {
    const settings = await this.loadSettings();
    for (const tab of await this.tabs.all()) {
      const state = settings.paused
        ? 'paused'
        : this.lastEngine.state === 'error'
          ? 'error'
          : tab.camera === 'live' && settings.platforms[tab.info.platform]
            ? 'analysing'
            : 'idle';
      await showBadge(state, tab.tabId);
    }
    await showBadge(settings.paused ? 'paused' : 'idle');
  }
}
