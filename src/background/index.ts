/**
 * Service worker entry: registers every listener synchronously (MV3 requires it, so events that
 * wake the worker find their handler) and hands each validated message to the controller.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { BackgroundController } from './controller';
import { isEngineDocument, openPortToEngineDocument } from './engine-document';
import { analyseInEngine } from './engine-host';
import { ManagedPolicy } from './policy';
import { RETENTION_ALARM, applyRetention, scheduleRetention } from './retention';
import { CAPABILITIES } from '../shared/browser-target';
import { contentScriptTab as tabOfContentScript, framePortListener, type FrameDesk } from '../shared/frame-desk';
import {
  isContentToBackground,
  isEngineToBackground,
  isPopupToBackground,
  MessageCounter,
  OFFSCREEN_TARGET,
  type EngineToBackground,
} from '../shared/messages';
import { SHARE_ALARM, createShareSync, handleShareMessage, isShareMessage, syncInBackground, updateShareAlarm } from './sharing/worker';

const policy = new ManagedPolicy(() => void controller.onSettingsChanged());
const controller = new BackgroundController(policy);
const dropped = new MessageCounter();
// Sharing reads samples: it waits for the batch being gathered (controller.settledDb).
const sharing = createShareSync(() => controller.settledDb(), policy);
const extension = { id: browser.runtime.id, url: browser.runtime.getURL('') };

function contentScriptTab(sender: Runtime.MessageSender | undefined): number | undefined {
  return tabOfContentScript(sender, extension.id, extension.url);
}

/** The engine document's questions about a tab's frame, by runtime message or on WORKER_PORT. */
function answerEngine(message: EngineToBackground): Promise<unknown> {
  return message.type === 'frame-admit'
    ? controller.admitFrame(message.info)
    : controller.recordAnalysis(message.tabId, message.info, message.time, message.reply);
}

// Firefox: this background page hosts the engine, so the content scripts' frame ports come here.
// Chromium: they go to the offscreen document, and the worker must not listen for connections at
// all, or it would be handed every frame as well (see FRAME_PORT).
if (!CAPABILITIES.offscreenDocument) {
  const desk: FrameDesk = {
    admit: (_tabId, info) => controller.admitFrame(info),
    analyse: analyseInEngine,
    record: (tabId, info, time, reply) => controller.recordAnalysis(tabId, info, time, reply),
  };
  browser.runtime.onConnect.addListener(framePortListener(desk, extension, (channel) => dropped.drop(channel)));
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
  if ((message as { target?: unknown })?.target === OFFSCREEN_TARGET) return undefined; // for the engine
  if (isEngineDocument(sender)) {
    if (isEngineToBackground(message)) {
      openPortToEngineDocument(answerEngine, () => dropped.drop('engine→background'));
      return answerEngine(message);
    }
    dropped.drop('engine→background');
    return undefined;
  }
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
      case 'engine-wanted':
        return controller.onEngineWanted(message.info).then(() => ({ ok: true }));
    }
  }
  if (sender.id !== browser.runtime.id || !isPopupToBackground(message)) {
    dropped.drop('page→background');
    return undefined;
  }
  if (isShareMessage(message)) {
    const needsSession = message.type === 'share-join' || message.type === 'share-preview' || message.type === 'share-status';
    const sessionId = needsSession ? controller.status().then((status) => status.sessionId) : Promise.resolve(null);
    return sessionId.then((id) => handleShareMessage(sharing, () => controller.settledDb(), message, id));
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
    case 'flush-samples':
      return controller.settledDb().then(() => ({ ok: true }));
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
