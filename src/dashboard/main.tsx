import { render } from 'preact';
import '../popup/popup.css';
import './dashboard.css';

const root = document.getElementById('app');

function isExtensionPage(): boolean {
  return typeof chrome !== 'undefined' && typeof chrome.runtime?.id === 'string';
}

if (root) {
  if (isExtensionPage()) {
    void Promise.all([import('./Dashboard'), import('../popup/localizer')]).then(([{ Dashboard }, { LocalizerProvider }]) =>
      render(
        <LocalizerProvider>
          <Dashboard />
        </LocalizerProvider>,
        root,
      ),
    );
  } else {
    // Outside the extension there are no message files to read: the one sentence that says so stays in English.
    render(<p class="outside">Raut’s class dashboard works inside the extension: open it from the popup’s teacher mode.</p>, root);
  }
}
