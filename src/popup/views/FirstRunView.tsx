import { ErrorMessage } from '../components/ErrorMessage';
import { PrivacyFacts } from '../components/PrivacyFacts';
import { RegulationNote } from '../components/RegulationNote';
import { useAction } from '../hooks/useAction';

interface FirstRunViewProps {
  retentionDays: number | null;
  onAcknowledge: () => Promise<void>;
}

/** Shown instead of the tabs until the student has read it once. "Got it" stays in view. */
export function FirstRunView({ retentionDays, onAcknowledge }: FirstRunViewProps) {
  const action = useAction();
  return (
    <main class="first-run" aria-labelledby="first-run-title">
      <div class="panel first-run__body" tabIndex={0}>
        <h2 id="first-run-title" class="view-title">
          Welcome to Raut
        </h2>
        <p>
          While you are in an online class with your camera on, Raut recognises your facial expressions on this
          computer and shows you how the class went for you: live, per session, and over time.
        </p>
        <p>
          It only reads the camera your class already opens, and only while that camera is on. You can pause it at any
          time.
        </p>
        <h3 class="section-title">Your privacy</h3>
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
          Got it
        </button>
      </div>
    </main>
  );
}
