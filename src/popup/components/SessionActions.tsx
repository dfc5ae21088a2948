import { deleteSession } from '../../shared/storage';
import type { SessionRecord } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { tellBackground } from '../lib/background';
import { getDb } from '../lib/db';
import { ConfirmButton } from './ConfirmButton';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';

interface SessionActionsProps {
  session: SessionRecord;
  onEnded: () => void;
  onDeleted: () => void;
}

/**
 * End an active session, delete an ended one. An active session is not deleted directly: the
 * background is still writing to it.
 */
export function SessionActions({ session, onEnded, onDeleted }: SessionActionsProps) {
  const action = useAction();
  const { t } = useLocalizer();
  const endSession = () =>
    action.run(async () => {
      await tellBackground({ type: 'end-session', sessionId: session.id });
      onEnded();
    });
  const removeSession = () =>
    action.run(async () => {
      await deleteSession(await getDb(), session.id);
      onDeleted();
    });

  return (
    <div>
      {session.status === 'active' ? (
        <div class="button-row">
          <button type="button" class="button" disabled={action.busy} onClick={() => void endSession()}>
            {t('session_end')}
          </button>
          <span class="fine-print">{t('session_endToDelete')}</span>
        </div>
      ) : (
        <ConfirmButton
          label={t('session_delete')}
          question={t('session_deleteQuestion')}
          confirmLabel={t('session_delete')}
          busy={action.busy}
          onConfirm={removeSession}
        />
      )}
      <ErrorMessage message={action.error} />
    </div>
  );
}
