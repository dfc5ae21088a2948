import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { saveSettings } from '../shared/settings';
import { ErrorMessage } from './components/ErrorMessage';
import { Header } from './components/Header';
import { TabBar, tabButtonId, tabPanelId, type TabDefinition } from './components/TabBar';
import { useAction } from './hooks/useAction';
import { useFirstRun } from './hooks/useFirstRun';
import { useLiveStatus } from './hooks/useLiveStatus';
import { useSettings, type SettingsState } from './hooks/useSettings';
import { tellBackground } from './lib/background';
import { pillKind } from './lib/live-state';
import { FirstRunView } from './views/FirstRunView';
import { HistoryView } from './views/HistoryView';
import { LiveView } from './views/LiveView';
import { PrivacyView } from './views/PrivacyView';
import { SessionView } from './views/SessionView';
import { SettingsView } from './views/SettingsView';
import { TeacherModeSwitch } from './components/TeacherModeSwitch';
import { TeacherView } from './views/TeacherView';
import { usePopupMode } from '../teacher/usePopupMode';
import { ShareView } from './views/ShareView';
import type { LiveStatus } from '../shared/types';
import type { MessageKey } from '../shared/i18n';
import { useLocalizer } from './localizer';

type TabId = 'live' | 'session' | 'history' | 'share' | 'settings' | 'privacy';

const TABS: readonly { id: TabId; key: MessageKey }[] = [
  { id: 'live', key: 'tab_live' },
  { id: 'session', key: 'tab_session' },
  { id: 'history', key: 'tab_history' },
  { id: 'share', key: 'tab_share' },
  { id: 'settings', key: 'tab_settings' },
  { id: 'privacy', key: 'tab_privacy' },
];

interface TabsProps {
  status: LiveStatus | null;
  /** App-wide messages, shown under the tab bar so the tabs never move. */
  banner: ComponentChild;
  settingsState: SettingsState;
  onSessionEnded: () => void;
}

function Tabs({ status, banner, settingsState, onSessionEnded }: TabsProps) {
  const { t } = useLocalizer();
  const tabs: TabDefinition<TabId>[] = TABS.map(({ id, key }) => ({ id, label: t(key) }));
  const [tab, setTab] = useState<TabId>('live');
  const [pickedSessionId, setPickedSessionId] = useState<string | null>(null);
  // Bumped whenever the popup deletes or ends something, so views read storage again.
  const [revision, setRevision] = useState(0);
  const dataChanged = () => setRevision((n) => n + 1);
  const retentionDays = settingsState.settings?.retentionDays ?? null;

  const openInHistory = () => {
    setPickedSessionId(null);
    setTab('history');
  };

  const panels: Record<TabId, () => ComponentChild> = {
    live: () => <LiveView status={status} />,
    session: () => (
      <SessionView
        sessionId={pickedSessionId ?? status?.sessionId ?? null}
        activeSessionId={status?.sessionId ?? null}
        pickedInHistory={pickedSessionId !== null}
        revision={revision}
        onBackToHistory={openInHistory}
        onEnded={() => {
          dataChanged();
          onSessionEnded();
        }}
        onDeleted={() => {
          dataChanged();
          openInHistory();
        }}
      />
    ),
    history: () => (
      <HistoryView
        revision={revision}
        retentionDays={retentionDays}
        onOpen={(sessionId) => {
          setPickedSessionId(sessionId);
          setTab('session');
        }}
      />
    ),
    settings: () => (
      <SettingsView
        {...settingsState}
        forcedAttentionOnly={status?.policy.attentionOnly ?? false}
        onDataDeleted={() => {
          setPickedSessionId(null);
          dataChanged();
        }}
      />
    ),
    share: () => <ShareView policy={status?.policy ?? null} />,
    privacy: () => <PrivacyView retentionDays={retentionDays} status={status} />,
  };

  return (
    <main class="main">
      <TabBar tabs={tabs} selected={tab} onSelect={setTab} />
      {banner}
      <div class="panel" role="tabpanel" id={tabPanelId(tab)} aria-labelledby={tabButtonId(tab)} tabIndex={0}>
        {panels[tab]()}
      </div>
    </main>
  );
}

export function App() {
  const { status, error: statusError, refresh } = useLiveStatus();
  const settingsState = useSettings();
  const firstRun = useFirstRun();
  const [mode, setMode] = usePopupMode();
  const pause = useAction();
  const paused = status?.paused ?? settingsState.settings?.paused ?? false;
  // The school's policy may turn teacher mode off: the popup is then the student's, whatever was chosen before.
  const teacherModeOff = status?.policy.disableTeacherMode === true;
  const shownMode = teacherModeOff ? 'student' : mode;

  const togglePause = () =>
    pause.run(async () => {
      const next = !paused;
      await saveSettings({ paused: next });
      await tellBackground({ type: 'set-paused', paused: next });
      refresh();
    });

  const banner = <ErrorMessage message={pause.error ?? statusError} />;

  return (
    <div class="app">
      <Header pill={pillKind(status)} paused={paused} pauseBusy={pause.busy} onTogglePause={() => void togglePause()} />
      {firstRun.state === 'welcome' && (
        <>
          {banner}
          <FirstRunView retentionDays={settingsState.settings?.retentionDays ?? null} onAcknowledge={firstRun.acknowledge} />
        </>
      )}
      {firstRun.state === 'done' && !teacherModeOff && <TeacherModeSwitch mode={mode} onChange={setMode} />}
      {firstRun.state === 'done' && shownMode === 'student' && (
        <Tabs status={status} banner={banner} settingsState={settingsState} onSessionEnded={refresh} />
      )}
      {firstRun.state === 'done' && shownMode === 'teacher' && (
        <main class="main">
          <div class="panel">
            <TeacherView />
          </div>
        </main>
      )}
    </div>
  );
}
