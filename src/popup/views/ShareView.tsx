import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/ErrorMessage';
import { ShareForm } from '../components/ShareForm';
import { ShareItem } from '../components/ShareItem';
import { useShareStatus } from '../hooks/useShareStatus';
import { formatSyncTime } from '../lib/share';

/**
 * "Share with my teacher" (issue 3; privacy rules 3 and 4): off by default and per class; the
 * student sees exactly what is sent before consenting, and can stop, or stop and delete, at any time.
 */
export function ShareView() {
  const { status, error, refresh } = useShareStatus();
  const [announcement, setAnnouncement] = useState('');
  const [now, setNow] = useState(() => Date.now());

  // The clock for "last sent" follows the 2 s status polls.
  useEffect(() => setNow(Date.now()), [status]);

  const consents = status?.consents ?? [];
  const pending = status?.pendingRevocations ?? [];

  const changed = (message: string) => {
    setAnnouncement(message);
    void refresh();
  };

  return (
    <div class="stack share">
      <h2 class="view-title">Share with my teacher</h2>
      <p class="fine-print">
        Off unless you turn it on, for each class separately. You can stop at any time, and delete what the hub has.
      </p>
      <ErrorMessage message={error} />
      <p class="success share__announcement" role="status">
        {announcement}
      </p>

      {consents.length > 0 && (
        <section class="stack share__section" aria-labelledby="share-now-title">
          <h3 id="share-now-title" class="section-title">
            Sharing now
          </h3>
          <ul class="share__list">
            {consents.map((entry) => (
              <ShareItem key={`${entry.classCode}-${entry.studentId}`} entry={entry} now={now} onStopped={changed} />
            ))}
          </ul>
        </section>
      )}

      {pending.length > 0 && (
        <section class="stack share__section" aria-labelledby="share-pending-title">
          <h3 id="share-pending-title" class="section-title">
            Deletions waiting
          </h3>
          <ul class="share__list">
            {pending.map((revocation) => (
              <li key={`${revocation.classCode}-${revocation.hubUrl}-${revocation.requestedAt}`} class="notice notice--warning share-pending">
                <strong>Class {revocation.classCode}</strong> on {revocation.hubUrl}: Deletion will be retried when the hub is
                reachable. Asked {formatSyncTime(revocation.requestedAt, now)}
                {revocation.attempts > 0 && `, tried ${revocation.attempts} time${revocation.attempts === 1 ? '' : 's'}`}.
                {revocation.lastError && <span class="share-pending__error"> Last error: {revocation.lastError}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <ShareForm onJoined={(consent) => changed(`Sharing with class ${consent.classCode} as “${consent.displayName}”.`)} />
    </div>
  );
}
