import { deleteSession } from '../../shared/storage';
import type { SessionRecord } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { tellBackground } from '../lib/background';
import { getDb } from '../lib/db';
import { ConfirmButton } from './ConfirmButton';
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
            End session
          </button>
          <span class="fine-print">End it to delete it.</span>
        </div>
      ) : (
        <ConfirmButton
          label="Delete session"
          question="Delete this session and all its numbers? This cannot be undone."
          confirmLabel="Delete session"
          busy={action.busy}
          onConfirm={removeSession}
        />
      )}
      <ErrorMessage message={action.error} />
    </div>
  );
}
