/**
 * A spreadsheet runs a cell starting with = + - @, a tab or a carriage return as a formula (OWASP
 * "CSV injection"). One rule for every CSV the server reads or writes: an import refuses such a
 * cell, an export and a job's report neutralise it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function runsAsFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/** A leading apostrophe makes a spreadsheet show the cell as text; messages can quote user input. */
export function neutraliseCell(value: string): string {
  return runsAsFormula(value) ? `'${value}` : value;
}
