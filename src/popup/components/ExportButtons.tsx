import { exportFileName, sessionToCsv, sessionToJson, sessionToText, type ExportExtension } from '../../shared/export';
import type { SampleRecord, SessionRecord } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { downloadTextFile } from '../lib/download';
import { loadSessionDetail } from '../lib/sessions';
import { ErrorMessage } from './ErrorMessage';

interface ExportFormat {
  extension: ExportExtension;
  label: string;
  testId: string;
  mimeType: string;
  render: (session: SessionRecord, samples: readonly SampleRecord[]) => string;
}

const FORMATS: readonly ExportFormat[] = [
  { extension: 'csv', label: 'CSV', testId: 'export-csv', mimeType: 'text/csv;charset=utf-8', render: sessionToCsv },
  {
    extension: 'json',
    label: 'JSON',
    testId: 'export-json',
    mimeType: 'application/json',
    render: (session, samples) => sessionToJson(session, samples),
  },
  { extension: 'txt', label: 'Text', testId: 'export-text', mimeType: 'text/plain;charset=utf-8', render: sessionToText },
];

/** Downloads one session; reads it afresh so an active session's export is up to date. */
export function ExportButtons({ sessionId }: { sessionId: string }) {
  const action = useAction();
  const exportAs = (format: ExportFormat) =>
    action.run(async () => {
      const detail = await loadSessionDetail(sessionId);
      if (!detail) throw new Error('This session no longer exists, so there is nothing to export.');
      const text = format.render(detail.session, detail.samples);
      downloadTextFile(exportFileName(detail.session, format.extension), text, format.mimeType);
    });

  return (
    <div>
      <div class="button-row" role="group" aria-label="Export this session">
        {FORMATS.map((format) => (
          <button
            key={format.extension}
            type="button"
            class="button"
            data-testid={format.testId}
            disabled={action.busy}
            onClick={() => void exportAs(format)}
          >
            {format.label}
          </button>
        ))}
      </div>
      <ErrorMessage message={action.error} />
    </div>
  );
}
