/**
 * Service worker entry: registers every listener synchronously (MV3 requires it, so events that
 * wake the worker find their handler) and hands each validated message to the controller.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { BackgroundController } from './controller';
import { acceptEnginePort } from './engine-document';
import { ManagedPolicy } from './policy';
import { RETENTION_ALARM, applyRetention, scheduleRetention } from './retention';
import {
  ENGINE_PORT,
  FRAME_PORT,
  isContentToBackground,
  isFrameRequest,
  isPopupToBackground,
  MessageCounter,
  OFFSCREEN_TARGET,
  type FrameReply,
  type FrameRequest,
} from '../shared/messages';
import { answerRequests } from '../shared/request-port';
import { SHARE_ALARM, createShareSync, handleShareMessage, isShareMessage, syncInBackground, updateShareAlarm } from './sharing/worker';

const policy = new ManagedPolicy(() => void controller.onSettingsChanged());
const controller = new BackgroundController(policy);
const dropped = new MessageCounter();
const sharing = createShareSync(() => controller.db(), policy);

/** The tab of one of Raut's content scripts; undefined for any other sender. */
function contentScriptTab(sender: Runtime.MessageSender | undefined): number | undefined {
  // Extension pages opened in a tab also carry sender.tab; only content scripts have a web URL.
  if (sender?.id !== browser.runtime.id || sender.url?.startsWith(browser.runtime.getURL(''))) return undefined;
  return sender.tab?.id;
}

/** Frames from a class tab's content script, each answered on its port (src/content/bridge.ts). */
function answerFrames(port: Runtime.Port, tabId: number): void {
  const analyse = (request: FrameRequest) =>
    controller.onFrame(tabId, request.info, request.frame).catch((error: unknown): FrameReply => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    }));
  answerRequests(port, isFrameRequest, analyse, () => dropped.drop('content→background'));
}

browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  const tabId = contentScriptTab(port.sender);
  if (port.name === FRAME_PORT && tabId !== undefined) return answerFrames(port, tabId);
  if (port.name === ENGINE_PORT && acceptEnginePort(port)) return;
  dropped.drop('port→background');
  port.disconnect();
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
  if ((message as { target?: unknown })?.target === OFFSCREEN_TARGET) return undefined; // for the engine
  const tabId = contentScriptTab(sender);
  if (tabId !== undefined) {
    if (!isContentToBackground(message)) {
      dropped.drop('content→background');
      return undefined;
    }
    switch (message.type) {
      case 'class-page':
        return controller.onClassPage(tabId, message.info);
      case 'camera':
        return controller.onCamera(tabId, message.info, message.state, message.detail).then(() => ({ ok: true }));
    }
  }
  if (sender.id !== browser.runtime.id || !isPopupToBackground(message)) {
    dropped.drop('page→background');
    return undefined;
  }
  if (isShareMessage(message)) {
    const needsSession = message.type === 'share-join' || message.type === 'share-preview' || message.type === 'share-status';
    const sessionId = needsSession ? controller.status().then((status) => status.sessionId) : Promise.resolve(null);
    return sessionId.then((id) => handleShareMessage(sharing, () => controller.db(), message, id));
  }
  switch (message.type) {
    case 'get-status':
      return controller.status().then((status) => ({ ...status, droppedMessages: dropped.total() }));
    case 'set-paused':
      return controller.setPaused(message.paused).then(() => ({ ok: true }));
    case 'settings-changed':
      return controller.onSettingsChanged().then(() => ({ ok: true }));
    case 'end-session':
      return controller.endSessionById(message.sessionId).then(() => {
        void syncInBackground(sharing); // send what completed since the last alarm now
        return { ok: true };
      });
    case 'calibration-status':
      return controller.calibration.status();
    case 'calibration-start':
      controller.calibration.start();
      return controller.calibration.status();
    case 'calibration-reset':
      return controller.calibration.reset().then(() => controller.calibration.status());
    case 'data-deleted':
      // The remembered classes are part of "my data"; consents are choices, like settings, and stay.
      return Promise.all([controller.onDataDeleted(), sharing.forgetAllClasses()]).then(() => ({ ok: true }));
  }
});

browser.permissions.onRemoved.addListener(() => void controller.onSettingsChanged());

browser.tabs.onRemoved.addListener((tabId) => void controller.onTabClosed(tabId).then(() => syncInBackground(sharing)));

browser.commands.onCommand.addListener((command) => {
  if (command === 'toggle-pause') void controller.togglePaused();
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === RETENTION_ALARM) void controller.db().then(applyRetention);
  if (alarm.name === SHARE_ALARM) void syncInBackground(sharing);
});

void scheduleRetention();
void controller.start();
void updateShareAlarm(sharing).catch(() => undefined);
