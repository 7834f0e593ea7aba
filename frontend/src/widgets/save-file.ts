import { h } from '../dom.ts';

/** Hands the browser a file the console fetched (an export, a job's report) as a download. */
export function saveFile(file: Blob, filename: string): void {
  const url = URL.createObjectURL(file);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has the file once the click is handled; the URL is no longer needed after.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
