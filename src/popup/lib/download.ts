/** Saves text as a file through an `<a download>` on a Blob URL (no downloads permission needed). */
export function downloadTextFile(fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download before the browser has read the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
