import type { CalibrationStatus } from '../../shared/calibration';
import type { Localizer } from '../../shared/i18n';
import { useAction } from '../hooks/useAction';
import { useCalibration } from '../hooks/useCalibration';
import { resetCalibration, startCalibration } from '../lib/calibration-client';
import { useLocalizer } from '../localizer';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage } from './ErrorMessage';

function statusText(status: CalibrationStatus | null, { t, format }: Pick<Localizer, 't' | 'format'>): string {
  if (status === null) return t('common_loading');
  if (status.learning) return t('calibration_learning', { frames: format.count(status.learning.frames) });
  if (status.pending) return t('calibration_waiting');
  if (status.calibration === null) return t('calibration_none');
  return t('calibration_learnt', { when: format.dateTime(status.calibration.learnedAt), frames: format.count(status.calibration.frames) });
}

/** "Calibrate" (look at the class as you normally do for a minute), "Reset calibration", and where it stands. */
export function CalibrationPanel() {
  const localizer = useLocalizer();
  const { t } = localizer;
  const { status, error, refresh } = useCalibration();
  const action = useAction();
  const calibrating = status !== null && (status.pending || status.learning !== null);

  const run = (task: () => Promise<unknown>) => action.run(async () => {
    await task();
    await refresh();
  });

  return (
    <section class="calibration" aria-labelledby="calibration-title">
      <h2 id="calibration-title" class="section-title">
        {t('calibration_title')}
      </h2>
      <p class="fine-print">{t('calibration_explain')}</p>
      <p class="calibration__status" data-testid="calibration-status" aria-live="polite">
        {statusText(status, localizer)}
      </p>
      <div class="button-row">
        <button
          type="button"
          class="button"
          data-testid="calibration-start"
          disabled={action.busy || calibrating}
          onClick={() => void run(startCalibration)}
        >
          {t('calibration_start')}
        </button>
        {status?.calibration && (
          <ConfirmButton
            label={t('calibration_reset')}
            question={t('calibration_resetQuestion')}
            confirmLabel={t('calibration_reset')}
            busy={action.busy}
            onConfirm={() => run(resetCalibration)}
          />
        )}
      </div>
      <ErrorMessage message={action.error ?? error} />
    </section>
  );
}
