import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/ErrorMessage';
import { ShareForm } from '../components/ShareForm';
import { ShareItem } from '../components/ShareItem';
import { ShareOffer } from '../components/ShareOffer';
import { useShareStatus } from '../hooks/useShareStatus';
import { formatSyncTime, type ShareForm as JoinForm } from '../lib/share';
import { localize } from '../../shared/i18n';
import type { OrgPolicy } from '../../shared/policy';
import { useLocalizer } from '../localizer';

/**
 * "Share with my teacher" (issue 3; privacy rules 3 and 4): off by default and per class; the
 * student sees exactly what is sent before consenting, and can stop, or stop and delete, at any time.
 */
export function ShareView({ policy }: { policy: OrgPolicy | null }) {
  const localizer = useLocalizer();
  const { t } = localizer;
  const { status, error, refresh } = useShareStatus();
  const [announcement, setAnnouncement] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const [prefill, setPrefill] = useState<JoinForm | null>(null);
  const sharingOff = policy?.disableSharing === true;

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
      <h2 class="view-title">{t('share_title')}</h2>
      <p class="fine-print">{t('share_intro')}</p>
      {sharingOff && (
        <p class="notice notice--info" data-testid="share-disabled">
          {t('policy_sharingOff')} {consents.length > 0 && t('share_stopStillWorks')}
        </p>
      )}
      <ErrorMessage message={error} />
      <p class="success share__announcement" role="status">
        {announcement}
      </p>

      {consents.length > 0 && (
        <section class="stack share__section" aria-labelledby="share-now-title">
          <h3 id="share-now-title" class="section-title">
            {t('share_now')}
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
            {t('share_pendingTitle')}
          </h3>
          <ul class="share__list">
            {pending.map((revocation) => (
              <li key={`${revocation.classCode}-${revocation.hubUrl}-${revocation.requestedAt}`} class="notice notice--warning share-pending">
                <strong>{t('common_classWithCode', { code: revocation.classCode })}</strong>{' '}
                {t('share_pendingDetail', { hub: revocation.hubUrl, time: formatSyncTime(revocation.requestedAt, now, localizer) })}
                {revocation.attempts > 0 && `, ${t('share_pendingAttempts', { count: revocation.attempts })}`}.
                {revocation.lastError && <span class="share-pending__error"> {t('share_lastErrorInline', { error: localize(revocation.lastError, t) })}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {!sharingOff && status?.offer && prefill?.classCode !== status.offer.classCode && (
        <ShareOffer
          offer={status.offer}
          onUse={(offer) => {
            setPrefill({ hubUrl: offer.hubUrl, classCode: offer.classCode, displayName: offer.displayName });
            setAnnouncement(t('shareOffer_filled'));
          }}
          onForgotten={changed}
        />
      )}

      {!sharingOff && (
        <ShareForm
          prefill={prefill}
          onJoined={(consent) => {
            setPrefill(null);
            changed(t('share_joined', { code: consent.classCode, name: consent.displayName }));
          }}
        />
      )}
    </div>
  );
}
