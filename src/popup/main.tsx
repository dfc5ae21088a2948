import { render } from 'preact';
import './popup.css';

const root = document.getElementById('app');

/** webextension-polyfill throws when loaded outside an extension, so App is only loaded inside one. */
function isExtensionPage(): boolean {
  return typeof chrome !== 'undefined' && typeof chrome.runtime?.id === 'string';
}

if (root) {
  if (isExtensionPage()) {
    void import('./App').then(({ App }) => render(<App />, root));
  } else {
    render(<p class="outside">Raut’s popup works inside the extension. Open it from the browser toolbar.</p>, root);
  }
}
