/** The confusion matrix as a standalone SVG heat map: shade = share of the true class (row), text = count. */
import type { ConfusionMatrix } from './metrics';

const CELL = 64;
const LABEL_WIDTH = 84;
const HEADER_HEIGHT = 84;
const TITLE_HEIGHT = 32;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** White → dark blue. */
function shade(share: number): string {
  const channel = (from: number, to: number) => Math.round(from + (to - from) * share);
  return `rgb(${channel(255, 8)},${channel(255, 48)},${channel(255, 107)})`;
}

export function renderConfusionSvg(confusion: ConfusionMatrix, labels: readonly string[], title: string): string {
  const size = labels.length;
  const width = LABEL_WIDTH + size * CELL + 40; // room for the last rotated column label
  const height = TITLE_HEIGHT + HEADER_HEIGHT + size * CELL + 8;
  const top = TITLE_HEIGHT + HEADER_HEIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${LABEL_WIDTH + (size * CELL) / 2}" y="${TITLE_HEIGHT + 14}" text-anchor="middle" fill="#555">predicted</text>`,
    `<text x="12" y="${top - 8}" fill="#555">true</text>`,
  ];
  labels.forEach((label, k) => {
    const columnCenter = LABEL_WIDTH + k * CELL + CELL / 2;
    parts.push(`<text transform="translate(${columnCenter},${top - 8}) rotate(-45)">${escapeXml(label)}</text>`);
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${top + k * CELL + CELL / 2 + 4}" text-anchor="end">${escapeXml(label)}</text>`);
  });
  confusion.forEach((row, trueClass) => {
    const rowTotal = row.reduce((sum, count) => sum + count, 0);
    row.forEach((count, predictedClass) => {
      const share = rowTotal === 0 ? 0 : count / rowTotal;
      const x = LABEL_WIDTH + predictedClass * CELL;
      const y = top + trueClass * CELL;
      const ink = share > 0.5 ? 'white' : 'black';
      const outline = trueClass === predictedClass ? ' stroke="#222" stroke-width="2"' : ' stroke="#ddd"';
      parts.push(`<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${shade(share)}"${outline}/>`);
      parts.push(`<text x="${x + CELL / 2}" y="${y + CELL / 2}" text-anchor="middle" fill="${ink}" font-weight="bold">${count}</text>`);
      parts.push(`<text x="${x + CELL / 2}" y="${y + CELL / 2 + 15}" text-anchor="middle" fill="${ink}" font-size="10">${(100 * share).toFixed(0)}%</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
