import { render } from 'preact';
import './popup.css';

const root = document.getElementById('app');

/** webextension-polyfill throws when loaded outside an extension, so App is only loaded inside one. */
function isExtensionPage(): boolean {
  return typeof chrome !== 'undefined' && typeof chrome.runtime?.id === 'string';
}

if (root) {
  if (isExtensionPage()) {
    void Promise.all([import('./App'), import('./localizer')]).then(([{ App }, { LocalizerProvider }]) =>
      render(
        <LocalizerProvider>
          <App />
        </LocalizerProvider>,
        root,
      ),
    );
  } else {
    // Outside the extension there are no message files to read: the one sentence that says so stays in English.
    render(<p class="outside">Raut’s popup works inside the extension. Open it from the browser toolbar.</p>, root);
  }
}
