export function RegulationNote() {
  return (
    <aside class="note" aria-label="Legal note">
      <p>
        <strong>Please note:</strong> emotion recognition in education is restricted in some places. For example, the
        EU AI Act prohibits it in education institutions except for medical or safety reasons. Your school can
        disable Raut's features by policy.
      </p>
    </aside>
  );
}
