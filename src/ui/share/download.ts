/** Saving text or a blob as a file the browser downloads (no request leaves the page). */

/** Downloads `data` as `fileName`. */
export function downloadBlob(fileName: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the blob after click returns: release it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads text (UTF-8) as `fileName`. */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type: `${type};charset=utf-8` }));
}
