import type { KnownClass } from '../../shared/sharing';
import { useAction } from '../hooks/useAction';
import { forgetClass } from '../lib/share-client';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';

interface ShareOfferProps {
  offer: KnownClass;
  /** "Share with this class again": fills the join form; the student still sees the preview and consents. */
  onUse: (offer: KnownClass) => void;
  onForgotten: (message: string) => void;
}

/** A class joined before whose meeting is the class tab now, offered again (never joined automatically). */
export function ShareOffer({ offer, onUse, onForgotten }: ShareOfferProps) {
  const { t } = useLocalizer();
  const action = useAction();
  const name = offer.className ? t('shareItem_classNamed', { name: offer.className, code: offer.classCode }) : t('common_classWithCode', { code: offer.classCode });
  const forget = () =>
    action.run(async () => {
      await forgetClass(offer.classCode);
      onForgotten(t('shareOffer_forgotten', { code: offer.classCode }));
    });
  return (
    <section class="notice notice--info share-offer stack" data-testid="share-offer" aria-labelledby="share-offer-title">
      <h3 id="share-offer-title" class="section-title">
        {t('shareOffer_title', { class: name })}
      </h3>
      <p class="fine-print">{t('shareOffer_detail', { name: offer.displayName, hub: offer.hubUrl })}</p>
      <div class="share-item__actions">
        <button type="button" class="button button--primary" data-testid="share-offer-use" onClick={() => onUse(offer)}>
          {t('shareOffer_use')}
        </button>
        <button type="button" class="button" data-testid="share-offer-dismiss" disabled={action.busy} onClick={() => void forget()}>
          {t('shareOffer_dismiss')}
        </button>
      </div>
      <ErrorMessage message={action.error} />
    </section>
  );
}
