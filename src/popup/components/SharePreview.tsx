import type { SharePreview as Preview } from '../../shared/sharing';
import { exampleMinuteBody, prettyBody } from '../lib/share';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';

interface SharePreviewProps {
  preview: Preview | null;
  /** Where the body would go, e.g. "PUT http://127.0.0.1:8787/classes/ABCDEF2345/students/me/minutes". */
  target: string;
  loading: boolean;
  error: string | null;
  onRefresh: () => void;
}

/** Exactly what an upload sends (the background's previewPayload), shown before the student consents. */
export function SharePreview({ preview, target, loading, error, onRefresh }: SharePreviewProps) {
  const { t } = useLocalizer();
  const empty = preview !== null && preview.minutes.length === 0;
  return (
    <section class="share-preview" aria-labelledby="share-preview-title">
      <div class="view-heading">
        <h3 id="share-preview-title" class="section-title">
          {t('sharePreview_title')}
        </h3>
        <button type="button" class="button button--small" disabled={loading} aria-busy={loading} onClick={onRefresh}>
          {loading ? t('common_loading') : t('sharePreview_refresh')}
        </button>
      </div>
      <p>{t('sharePreview_plain')}</p>
      <p class="field__hint share-preview__target">{target}</p>
      <ErrorMessage message={error} />
      {preview === null ? (
        <p class="share-preview__body share-preview__body--placeholder muted" aria-busy={loading}>
          {loading ? t('sharePreview_preparing') : t('sharePreview_none')}
        </p>
      ) : (
        <>
          {empty && (
            <p class="field__hint">{t('sharePreview_empty')}</p>
          )}
          <pre
            class="share-preview__body"
            data-testid="share-preview"
            tabIndex={0}
            aria-label={empty ? t('sharePreview_exampleLabel') : t('sharePreview_bodyLabel')}
          >
            {empty ? exampleMinuteBody(Date.now()) : prettyBody(preview.body)}
          </pre>
        </>
      )}
    </section>
  );
}
