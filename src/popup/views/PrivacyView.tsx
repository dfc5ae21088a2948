import { PrivacyFacts } from '../components/PrivacyFacts';
import { RegulationNote } from '../components/RegulationNote';

export function PrivacyView({ retentionDays }: { retentionDays: number | null }) {
  return (
    <div class="stack">
      <h2 class="view-title">Your data stays with you</h2>
      <PrivacyFacts retentionDays={retentionDays} />
      <p class="muted">
        Raut analyses only while your class's own camera is on, and the Pause button stops it everywhere. You can
        export your sessions or delete them in History, Session and Settings.
      </p>
      <RegulationNote />
    </div>
  );
}
