/** What Raut keeps, where, for how long, and what it sends: the same words on first run and in Privacy. */
export function PrivacyFacts({ retentionDays }: { retentionDays: number | null }) {
  const retention = retentionDays === null ? 'the number of days set in Settings' : `${retentionDays} day${retentionDays === 1 ? '' : 's'}`;
  return (
    <dl class="privacy-facts">
      <div class="privacy-facts__item">
        <dt>What is kept</dt>
        <dd>
          Numbers for each analysed frame: whether a face was found, where it was, the 7 expression probabilities and
          the top expression. Never a picture, a video or your face.
        </dd>
      </div>
      <div class="privacy-facts__item">
        <dt>Where</dt>
        <dd>In this browser's own storage (IndexedDB), readable only by this extension.</dd>
      </div>
      <div class="privacy-facts__item">
        <dt>For how long</dt>
        <dd>
          {retention}, then it is deleted for good. You can export or delete it at any time.
        </dd>
      </div>
      <div class="privacy-facts__item">
        <dt>Sent anywhere?</dt>
        <dd>
          No. Nothing leaves your computer. Sharing with a teacher will come later, and only if you turn it on for a
          class.
        </dd>
      </div>
    </dl>
  );
}
