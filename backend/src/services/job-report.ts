import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Db } from '../db/dialect.js';
import * as repo from '../db/jobs.repository.js';
import { neutraliseCell } from './spreadsheet-cells.js';

/** A job's report as CSV: one line per item, read from the database a page at a time. */

const PAGE = 1000;
export const REPORT_COLUMNS = ['seq', 'ref', 'outcome', 'code', 'message'] as const;

async function* itemLines(db: Db, jobId: number) {
  let after = -1;
  for (;;) {
    const rows = await repo.listItems(db, jobId, { afterSeq: after, limit: PAGE });
    for (const row of rows) {
      yield [row.seq, row.ref, row.outcome, row.code, row.message].map((cell) =>
        cell === null ? '' : neutraliseCell(String(cell)),
      );
    }
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.seq;
  }
}

/** The CSV stream, header first; its pace follows the reader, so memory stays flat. */
export function jobReportCsv(db: Db, jobId: number): Readable {
  return Readable.from(itemLines(db, jobId)).pipe(stringify({ header: true, columns: [...REPORT_COLUMNS] }));
}
