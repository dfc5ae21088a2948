import { useState } from 'preact/hooks';
import { deleteAllData } from '../../shared/storage';
import { useAction } from '../hooks/useAction';
import { tellBackground } from '../lib/background';
import { getDb } from '../lib/db';
import { useLocalizer } from '../localizer';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage } from './ErrorMessage';

export function DeleteAllData({ onDeleted }: { onDeleted: () => void }) {
  const action = useAction();
  const { t } = useLocalizer();
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
      <p class="field__hint">{t('deleteAll_hint')}</p>
      <ConfirmButton
        label={t('deleteAll_button')}
        question={t('deleteAll_question')}
        confirmLabel={t('deleteAll_confirm')}
        busy={action.busy}
        onConfirm={deleteEverything}
      />
      <p class="success" role="status">
        {deleted ? t('deleteAll_done') : ''}
      </p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
