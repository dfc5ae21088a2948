import { ErrorMessage } from '../components/ErrorMessage';
import { PrivacyFacts } from '../components/PrivacyFacts';
import { RegulationNote } from '../components/RegulationNote';
import { useAction } from '../hooks/useAction';
import { useLocalizer } from '../localizer';

interface FirstRunViewProps {
  retentionDays: number | null;
  onAcknowledge: () => Promise<void>;
}

/** Shown instead of the tabs until the student has read it once. "Got it" stays in view. */
export function FirstRunView({ retentionDays, onAcknowledge }: FirstRunViewProps) {
  const action = useAction();
  const { t } = useLocalizer();
  return (
    <main class="first-run" aria-labelledby="first-run-title">
      <div class="panel first-run__body" tabIndex={0}>
        <h2 id="first-run-title" class="view-title">
          {t('firstRun_title')}
        </h2>
        <p>{t('firstRun_intro')}</p>
        <p>{t('firstRun_camera')}</p>
        <h3 class="section-title">{t('firstRun_privacyTitle')}</h3>
        <PrivacyFacts retentionDays={retentionDays} />
        <RegulationNote />
      </div>
      <div class="first-run__footer">
        <ErrorMessage message={action.error} />
        <button
          type="button"
          class="button button--primary button--wide"
          data-testid="first-run-ok"
          disabled={action.busy}
          onClick={() => void action.run(onAcknowledge)}
        >
          {t('firstRun_ok')}
        </button>
      </div>
    </main>
  );
}
