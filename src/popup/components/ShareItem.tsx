import type { ShareStatusEntry } from '../../shared/sharing';
import { useAction } from '../hooks/useAction';
import { ENTRY_STATE_LABELS, entryState, formatQueued, formatSyncTime, stopOutcome } from '../lib/share';
import { stopSharing } from '../lib/share-client';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage } from './ErrorMessage';

interface ShareItemProps {
  entry: ShareStatusEntry;
  now: number;
  /** Called with the sentence to announce once the background stopped this class. */
  onStopped: (message: string) => void;
}

/** One class being shared: where, as whom, how the uploads go, and the two ways to stop. */
export function ShareItem({ entry, now, onStopped }: ShareItemProps) {
  const action = useAction();
  const state = entryState(entry);
  const titleId = `share-item-${entry.classCode}`;

  const stop = (deleteOnHub: boolean) =>
    action.run(async () => {
      const reply = await stopSharing(entry.classCode, deleteOnHub);
      onStopped(stopOutcome(entry.classCode, reply, deleteOnHub));
    });

  return (
    <li class={`share-item share-item--${state}`} data-testid="share-item" aria-labelledby={titleId}>
      <div class="share-item__head">
        <h4 id={titleId} class="share-item__code">
          Class {entry.classCode}
        </h4>
        <span class={`chip share-item__state share-item__state--${state}`} aria-live="polite">
          {ENTRY_STATE_LABELS[state]}
        </span>
      </div>
      {entry.broken && (
        <p class="notice notice--error share-item__broken">
          Sharing with this class has ended: {entry.broken}. Nothing more is sent.
        </p>
      )}
      {state === 'starting' && <p class="field__hint">The first minute is sent after the next full minute.</p>}
      <dl class="facts share-item__facts">
        <div class="facts__row">
          <dt>Hub</dt>
          <dd class="share-item__hub">{entry.hubUrl}</dd>
        </div>
        <div class="facts__row">
          <dt>Your name</dt>
          <dd>{entry.displayName}</dd>
        </div>
        <div class="facts__row">
          <dt>Last sent</dt>
          <dd>{formatSyncTime(entry.lastSyncAt, now)}</dd>
        </div>
        <div class="facts__row">
          <dt>Queued</dt>
          <dd>{formatQueued(entry.queued)}</dd>
        </div>
        {entry.lastError && !entry.broken && (
          <div class="facts__row">
            <dt>Last error</dt>
            <dd class="share-item__error">
              {entry.lastError}
              {entry.retryAt !== null && entry.retryAt > now && ` (next try ${formatSyncTime(entry.retryAt, now)})`}
            </dd>
          </div>
        )}
      </dl>
      <ErrorMessage message={action.error} />
      <div class="share-item__actions">
        <button
          type="button"
          class="button"
          data-testid="share-stop"
          disabled={action.busy}
          aria-describedby={titleId}
          onClick={() => void stop(false)}
        >
          Stop sharing
        </button>
        <div class="share-item__delete" data-testid="share-stop-delete">
          <ConfirmButton
            label="Stop and delete my data on the hub"
            question={`Stop sharing with class ${entry.classCode} and delete everything of yours on its hub?`}
            confirmLabel="Stop and delete"
            busy={action.busy}
            onConfirm={() => stop(true)}
          />
        </div>
      </div>
    </li>
  );
}
