import { localize } from '../../shared/i18n';
import type { ShareStatusEntry } from '../../shared/sharing';
import { useAction } from '../hooks/useAction';
import { brokenNotice, ENTRY_STATE_KEYS, entryState, formatQueued, formatSyncTime, lastErrorText, stopOutcome } from '../lib/share';
import { retrySharing, stopSharing } from '../lib/share-client';
import { ConfirmButton } from './ConfirmButton';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';

interface ShareItemProps {
  entry: ShareStatusEntry;
  now: number;
  /** Called with the sentence to announce once the background stopped this class, or tried again. */
  onStopped: (message: string) => void;
}

/** One class being shared: where, as whom, how the uploads go, and the two ways to stop. */
export function ShareItem({ entry, now, onStopped }: ShareItemProps) {
  const action = useAction();
  const localizer = useLocalizer();
  const { t } = localizer;
  const state = entryState(entry);
  const broken = brokenNotice(entry, t);
  const lastError = lastErrorText(entry, t);
  const titleId = `share-item-${entry.classCode}`;

  const stop = (deleteOnHub: boolean) =>
    action.run(async () => {
      const reply = await stopSharing(entry.classCode, deleteOnHub);
      onStopped(stopOutcome(entry.classCode, reply, deleteOnHub, t));
    });

  const retry = () =>
    action.run(async () => {
      const result = await retrySharing();
      const mine = result.errors.find((failure) => failure.classCode === entry.classCode);
      onStopped(mine ? t('shareItem_retryFailed', { error: localize(mine.error, t) }) : t('shareItem_retried', { count: result.uploaded }));
    });

  return (
    <li class={`share-item share-item--${state}`} data-testid="share-item" aria-labelledby={titleId}>
      <div class="share-item__head">
        <h4 id={titleId} class="share-item__code">
          {entry.className ? t('shareItem_classNamed', { name: entry.className, code: entry.classCode }) : t('common_classWithCode', { code: entry.classCode })}
        </h4>
        <span class={`chip share-item__state share-item__state--${state}`} aria-live="polite">
          {t(ENTRY_STATE_KEYS[state])}
        </span>
      </div>
      {broken && <p class="notice notice--error share-item__broken">{broken}</p>}
      {state === 'starting' && <p class="field__hint">{t('shareItem_starting')}</p>}
      <dl class="facts share-item__facts">
        <div class="facts__row">
          <dt>{t('shareItem_hub')}</dt>
          <dd class="share-item__hub">{entry.hubUrl}</dd>
        </div>
        <div class="facts__row">
          <dt>{t('shareItem_name')}</dt>
          <dd>{entry.displayName}</dd>
        </div>
        <div class="facts__row">
          <dt>{t('shareItem_lastSent')}</dt>
          <dd>{formatSyncTime(entry.lastSyncAt, now, localizer)}</dd>
        </div>
        <div class="facts__row">
          <dt>{t('shareItem_queued')}</dt>
          <dd>{formatQueued(entry.queued, localizer)}</dd>
        </div>
        {lastError && (
          <div class="facts__row">
            <dt>{t('shareItem_lastError')}</dt>
            <dd class="share-item__error">
              {lastError}
              {entry.retryAt !== null && entry.retryAt > now && ` (${t('shareItem_nextTry', { time: formatSyncTime(entry.retryAt, now, localizer) })})`}
            </dd>
          </div>
        )}
      </dl>
      <ErrorMessage message={action.error} />
      <div class="share-item__actions">
        {lastError && (
          <button type="button" class="button" data-testid="share-retry" disabled={action.busy} onClick={() => void retry()}>
            {t('shareItem_retry')}
          </button>
        )}
        <button
          type="button"
          class="button"
          data-testid="share-stop"
          disabled={action.busy}
          aria-describedby={titleId}
          onClick={() => void stop(false)}
        >
          {t('shareItem_stop')}
        </button>
        <div class="share-item__delete" data-testid="share-stop-delete">
          <ConfirmButton
            label={t('shareItem_stopDelete')}
            question={t('shareItem_stopDeleteQuestion', { code: entry.classCode })}
            confirmLabel={t('shareItem_stopDeleteConfirm')}
            busy={action.busy}
            onConfirm={() => stop(true)}
          />
        </div>
      </div>
    </li>
  );
}
