import { useState } from 'preact/hooks';
import { deleteAllData } from '../../shared/storage';
import { useAction } from '../hooks/useAction';
import { tellBackground } from '../lib/background';
import { getDb } from '../lib/db';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage } from './ErrorMessage';

export function DeleteAllData({ onDeleted }: { onDeleted: () => void }) {
  const action = useAction();
  const [deleted, setDeleted] = useState(false);
  const deleteEverything = () =>
    action.run(async () => {
      setDeleted(false);
      await deleteAllData(await getDb());
      setDeleted(true);
      onDeleted();
      await tellBackground({ type: 'data-deleted' });
    });

  return (
    <div class="field">
      <p class="field__hint">Deletes every session from this browser. Your settings stay.</p>
      <ConfirmButton
        label="Delete all my data"
        question="Delete every session and all its numbers from this browser? This cannot be undone."
        confirmLabel="Delete everything"
        busy={action.busy}
        onConfirm={deleteEverything}
      />
      <p class="success" role="status">
        {deleted ? 'All your sessions were deleted.' : ''}
      </p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
