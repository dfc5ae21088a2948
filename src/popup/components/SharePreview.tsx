import type { SharePreview as Preview } from '../../shared/sharing';
import { exampleMinuteBody, prettyBody } from '../lib/share';
import { ErrorMessage } from './ErrorMessage';

interface SharePreviewProps {
  preview: Preview | null;
  /** Where the body would go, e.g. "PUT http://127.0.0.1:8787/classes/ABCDEF2345/students/me/minutes". */
  target: string;
  loading: boolean;
  error: string | null;
  onRefresh: () => void;
}

export const SHARE_PLAIN_LANGUAGE =
  'Every minute: how many frames were positive, neutral, negative, without a face or unclear, and the most frequent expression. Never images, never per-frame results.';

/** Exactly what an upload sends (the background's previewPayload), shown before the student consents. */
export function SharePreview({ preview, target, loading, error, onRefresh }: SharePreviewProps) {
  const empty = preview !== null && preview.minutes.length === 0;
  return (
    <section class="share-preview" aria-labelledby="share-preview-title">
      <div class="view-heading">
        <h3 id="share-preview-title" class="section-title">
          What will be sent
        </h3>
        <button type="button" class="button button--small" disabled={loading} aria-busy={loading} onClick={onRefresh}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      <p>{SHARE_PLAIN_LANGUAGE}</p>
      <p class="field__hint share-preview__target">{target}</p>
      <ErrorMessage message={error} />
      {preview === null ? (
        <p class="share-preview__body share-preview__body--placeholder muted" aria-busy={loading}>
          {loading ? 'Preparing the preview…' : 'No preview yet.'}
        </p>
      ) : (
        <>
          {empty && (
            <p class="field__hint">
              No minute of your current class is finished yet, so this upload would be empty. Each minute looks like the
              example below (made-up numbers).
            </p>
          )}
          <pre
            class="share-preview__body"
            data-testid="share-preview"
            tabIndex={0}
            aria-label={empty ? 'Example of one minute as sent' : 'The exact upload body'}
          >
            {empty ? exampleMinuteBody(Date.now()) : prettyBody(preview.body)}
          </pre>
        </>
      )}
    </section>
  );
}
