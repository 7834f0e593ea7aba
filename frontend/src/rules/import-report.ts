import type { ImportReport, ImportReportRow, Job } from '../types/jobs.ts';

/** How an import's report reads: its counts in words, its rows as a CSV to download. */

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "3 rows: 2 to create, 1 refused" (a dry run) or "2 created, 1 refused" (done). */
export function reportSummary(report: ImportReport): string {
  const { counts } = report;
  const parts = [
    counts.created > 0 && `${counts.created.toLocaleString('en')} to create`,
    counts.updated > 0 && `${counts.updated.toLocaleString('en')} to update`,
    counts.unchanged > 0 && `${counts.unchanged.toLocaleString('en')} unchanged`,
    counts.exists > 0 && `${counts.exists.toLocaleString('en')} already there (left alone)`,
    counts.invalid > 0 && `${counts.invalid.toLocaleString('en')} refused`,
  ].filter(Boolean);
  return `${plural(counts.rows, 'row')}: ${parts.join(', ') || 'nothing to do'}`;
}

/** Rows the real run would change: what the confirm button offers. */
export const changingRows = (report: ImportReport): number => report.counts.created + report.counts.updated;

/** The refused rows first, then those left alone, each by row number. */
export function reportRows(report: ImportReport): ImportReportRow[] {
  const rank = (row: ImportReportRow) => (row.outcome === 'invalid' ? 0 : 1);
  return [...report.rows].sort((a, b) => rank(a) - rank(b) || a.row - b.row);
}

const cell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Quoted, and a leading formula character neutralised, as the server's export does.
  return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

export function reportCsv(report: ImportReport): string {
  const lines = [['row', 'outcome', 'email', 'column', 'message'].join(',')];
  for (const r of reportRows(report))
    lines.push([r.row, r.outcome, r.email, r.column, r.message].map(cell).join(','));
  return lines.join('\r\n') + '\r\n';
}

export const isRunning = (job: Job) => job.state === 'queued' || job.state === 'running';

/** "1,200 of 5,000 rows" */
export function progressText(job: Job): string {
  const total = job.progress.total;
  return total === null
    ? 'Waiting to start…'
    : `${job.progress.done.toLocaleString('en')} of ${plural(total, 'row')}`;
}

/** What the finished job did, from its result's counts. */
export function jobSummary(job: Job): string {
  if (job.state !== 'succeeded')
    return job.error ? `The import ${job.state}: ${job.error}` : `The import ${job.state}.`;
  const counts = (job.result as { counts?: Record<string, number> } | null)?.counts ?? {};
  const parts = Object.entries(counts).map(([outcome, n]) => `${n.toLocaleString('en')} ${outcome}`);
  return `Import done: ${parts.join(', ') || 'no rows'}.`;
}

/** The type the server reads a file as, from its name. */
export const importType = (name: string): string =>
  /\.(nd)?jsonl?$/i.test(name) ? 'application/x-ndjson' : 'text/csv';
