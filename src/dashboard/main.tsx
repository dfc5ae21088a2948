import { render } from 'preact';
import '../popup/popup.css';
import './dashboard.css';

const root = document.getElementById('app');

function isExtensionPage(): boolean {
  return typeof chrome !== 'undefined' && typeof chrome.runtime?.id === 'string';
}

if (root) {
  if (isExtensionPage()) {
    void import('./Dashboard').then(({ Dashboard }) => render(<Dashboard />, root));
  } else {
    render(<p class="outside">Raut’s class dashboard works inside the extension: open it from the popup’s teacher mode.</p>, root);
  }
}
