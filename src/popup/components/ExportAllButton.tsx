import { allSessionsFileName, allSessionsToJson } from '../../shared/export';
import { useAction } from '../hooks/useAction';
import { downloadTextFile } from '../lib/download';
import { loadAllSessionDetails } from '../lib/sessions';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';

export function ExportAllButton({ disabled }: { disabled: boolean }) {
  const action = useAction();
  const { t } = useLocalizer();
  const exportAll = () =>
    action.run(async () => {
      const details = await loadAllSessionDetails();
      downloadTextFile(allSessionsFileName(), allSessionsToJson(details), 'application/json');
    });

  return (
    <div class="export-all">
      <button
        type="button"
        class="button"
        data-testid="export-all"
        disabled={disabled || action.busy}
        aria-busy={action.busy}
        onClick={() => void exportAll()}
      >
        {action.busy ? t('exportAll_preparing') : t('exportAll_button')}
      </button>
      <ErrorMessage message={action.error} />
    </div>
  );
}
