import { exportFileName, sessionToCsv, sessionToJson, sessionToText, type ExportExtension, type TextLocalizer } from '../../shared/export';
import { localizedError, type MessageKey } from '../../shared/i18n';
import type { SampleRecord, SessionRecord } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { downloadTextFile } from '../lib/download';
import { loadSessionDetail } from '../lib/sessions';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';

interface ExportFormat {
  extension: ExportExtension;
  /** A format's own name ("CSV") or the message key of a word ("Text"). */
  label: { name: string } | { key: MessageKey };
  testId: string;
  mimeType: string;
  render: (session: SessionRecord, samples: readonly SampleRecord[], words: TextLocalizer) => string;
}

const FORMATS: readonly ExportFormat[] = [
  { extension: 'csv', label: { name: 'CSV' }, testId: 'export-csv', mimeType: 'text/csv;charset=utf-8', render: sessionToCsv },
  {
    extension: 'json',
    label: { name: 'JSON' },
    testId: 'export-json',
    mimeType: 'application/json',
    render: (session, samples) => sessionToJson(session, samples),
  },
  { extension: 'txt', label: { key: 'export_text' }, testId: 'export-text', mimeType: 'text/plain;charset=utf-8', render: sessionToText },
];

/** Downloads one session; reads it afresh so an active session's export is up to date. */
export function ExportButtons({ sessionId }: { sessionId: string }) {
  const action = useAction();
  const localizer = useLocalizer();
  const { t } = localizer;
  const exportAs = (format: ExportFormat) =>
    action.run(async () => {
      const detail = await loadSessionDetail(sessionId);
      if (!detail) throw localizedError('export_sessionGone');
      const text = format.render(detail.session, detail.samples, localizer);
      downloadTextFile(exportFileName(detail.session, format.extension), text, format.mimeType);
    });

  return (
    <div>
      <div class="button-row" role="group" aria-label={t('export_groupLabel')}>
        {FORMATS.map((format) => (
          <button
            key={format.extension}
            type="button"
            class="button"
            data-testid={format.testId}
            disabled={action.busy}
            onClick={() => void exportAs(format)}
          >
            {'name' in format.label ? format.label.name : t(format.label.key)}
          </button>
        ))}
      </div>
      <ErrorMessage message={action.error} />
    </div>
  );
}
