import { CsvError, parse } from 'csv-parse';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, PayloadTooLargeError, ValidationError } from '../errors.js';

/**
 * Reading an import's file: bytes to UTF-8 text to records, streamed, so a 50 MB file is never
 * held whole. Anything that makes the file as a whole unreadable (not UTF-8 text, no `email`
 * column, a column nobody knows, a row with more or fewer fields than the header, a line that
 * is not JSON) refuses the file: nothing of it is imported (decision 0169).
 */

export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
export const IMPORT_COLUMNS = [
  'email',
  'name',
  'role',
  'status',
  'password_hash',
  'must_change_password',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export type ImportFormat = 'csv' | 'ndjson';
/** The file's bytes as they arrive: the request, a multipart part, or (in tests) a list. */
export type Upload = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

/** One row of the file: its number as a spreadsheet shows it (the header is row 1) and its cells. */
export interface ImportRecord {
  row: number;
  cells: Partial<Record<ImportColumn, unknown>>;
}

/** No single row of a user needs more; a longer one is not a user's row. */
const MAX_ROW_CHARS = 64 * 1024;

export const fileProblem = (message: string) => new ValidationError({ file: [message] }, message);

const tooLarge = () =>
  new PayloadTooLargeError(`The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`);
const notText = () => fileProblem('The file is not UTF-8 text (CSV or NDJSON)');

/**
 * The upload's chunks; a failure of the upload itself (a multipart body cut short) is the
 * client's, told as such. The route has turned multipart's own refusals into domain errors.
 */
async function* readingOf(source: Upload): AsyncGenerator<Buffer | string> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw fileProblem(`The file could not be read to its end (${(error as Error).message})`);
  }
}

/**
 * Takes the upload off the connection into a temporary file as fast as it arrives, and answers
 * the file to read from. Checking rows against the database is slower than a network: read
 * straight from the socket, a large file would hold the request open past REQUEST_TIMEOUT and
 * the server would cut it. On disk it costs no memory; `remove` deletes it.
 */
export async function spool(source: Upload): Promise<{ file: Upload; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ums-import-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload');
  try {
    const out = createWriteStream(path);
    let bytes = 0;
    await pipeline(
      Readable.from(readingOf(source)),
      async function* (chunks: AsyncIterable<Buffer | string>) {
        for await (const chunk of chunks) {
          bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
          if (bytes > IMPORT_MAX_BYTES) throw tooLarge();
          yield chunk;
        }
      },
      out,
    );
    return { file: createReadStream(path, { highWaterMark: 256 * 1024 }), remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** UTF-8 text of the upload, a chunk at a time; a byte order mark is dropped (TextDecoder's default). */
async function* textOf(source: Upload): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw notText();
    }
  };
  for await (const raw of readingOf(source)) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    bytes += chunk.length;
    if (bytes > IMPORT_MAX_BYTES) throw tooLarge();
    const text = decode(chunk);
    // NUL is no part of any text a person writes; it is how binary files show.
    if (text.includes('\0')) throw notText();
    if (text) yield text;
  }
  const tail = decode();
  if (tail) yield tail;
}

/** The columns a header names, checked: `email` among them, each known, none twice. */
export function checkHeader(names: readonly unknown[]): ImportColumn[] {
  const columns = names.map((n) => String(n).trim().toLowerCase());
  const seen = new Set<string>();
  for (const column of columns) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(column)) {
      throw fileProblem(
        column === ''
          ? 'The header row has an empty column name'
          : `Unknown column "${column.slice(0, 64)}"; the columns are ${IMPORT_COLUMNS.join(', ')}`,
      );
    }
    if (seen.has(column)) throw fileProblem(`The column "${column}" appears twice`);
    seen.add(column);
  }
  if (!seen.has('email')) throw fileProblem('The file has no "email" column');
  return columns as ImportColumn[];
}

/** Comma or semicolon, whichever the header row uses more of outside quotes. */
export function delimiterOf(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') commas += 1;
    else if (!quoted && c === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** The first line of the text (to choose the delimiter by), and the text again from its start. */
async function peekFirstLine(
  text: AsyncGenerator<string>,
): Promise<{ line: string; all: AsyncIterable<string> }> {
  let head = '';
  for (;;) {
    const next = await text.next();
    if (!next.done) head += next.value;
    const end = head.search(/\r?\n/);
    if (end >= 0 || next.done || head.length > MAX_ROW_CHARS) {
      const line = end >= 0 ? head.slice(0, end) : head;
      async function* again() {
        if (head) yield head;
        yield* text;
      }
      return { line, all: again() };
    }
  }
}

function csvProblem(error: CsvError): ValidationError {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? `Row ${line}` : 'The file';
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH')
    return fileProblem(`${where} has more fields than the header row`);
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return fileProblem(`${where} is longer than ${MAX_ROW_CHARS / 1024} KB`);
  return fileProblem(`${where} is not valid CSV: ${error.message.split(':')[0]}`);
}

async function* csvRecords(text: AsyncGenerator<string>): AsyncGenerator<ImportRecord> {
  const { line, all } = await peekFirstLine(text);
  const parser = parse({
    delimiter: delimiterOf(line),
    record_delimiter: ['\r\n', '\n'],
    skip_empty_lines: true,
    // Spreadsheets leave out a row's empty cells at its end; a row with more than the header is
    // still refused, since its cells cannot be told apart.
    relax_column_count_less: true,
    max_record_size: MAX_ROW_CHARS,
    info: true,
  });
  const feeding = pipeline(Readable.from(all), parser);
  // Its failure (a file too large, not text) reaches the loop below through the parser.
  feeding.catch(() => undefined);
  let columns: ImportColumn[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!columns) {
        columns = checkHeader(record);
        continue;
      }
      const cells: ImportRecord['cells'] = {};
      columns.forEach((column, i) => (cells[column] = record[i]));
      yield { row: info.lines, cells };
    }
  } catch (error) {
    // The parser is cut short (AbortError) when the text it reads fails: that failure is the answer.
    const cause: unknown = await feeding.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if (cause instanceof DomainError) throw cause;
    throw error instanceof CsvError ? csvProblem(error) : error;
  }
  if (!columns) throw fileProblem('The file is empty: a CSV file needs a header row');
}

async function* lines(text: AsyncIterable<string>): AsyncGenerator<{ n: number; line: string }> {
  let rest = '';
  let n = 0;
  for await (const chunk of text) {
    rest += chunk;
    let end: number;
    while ((end = rest.indexOf('\n')) >= 0) {
      yield { n: (n += 1), line: rest.slice(0, end) };
      rest = rest.slice(end + 1);
    }
    if (rest.length > MAX_ROW_CHARS)
      throw fileProblem(`Line ${n + 1} is longer than ${MAX_ROW_CHARS / 1024} KB`);
  }
  if (rest) yield { n: n + 1, line: rest };
}

async function* ndjsonRecords(text: AsyncIterable<string>): AsyncGenerator<ImportRecord> {
  let any = false;
  for await (const { n, line } of lines(text)) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw fileProblem(`Line ${n} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw fileProblem(`Line ${n} is not a JSON object`);
    checkHeader(Object.keys(value));
    any = true;
    yield { row: n, cells: value };
  }
  if (!any) throw fileProblem('The file is empty');
}

/** The file's rows, one at a time, as they arrive. */
export function readImportFile(source: Upload, format: ImportFormat): AsyncGenerator<ImportRecord> {
  const text = textOf(source);
  return format === 'csv' ? csvRecords(text) : ndjsonRecords(text);
}
