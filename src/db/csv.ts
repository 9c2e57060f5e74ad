/**
 * One CSV line for COPY … (FORMAT csv). null becomes an empty unquoted field (SQL NULL); a string is
 * quoted only when it must be: when empty (to stay an empty string) or holding a quote, comma or line break.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += ',';
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') line += String(v);
    else if (v === '' || NEEDS_QUOTES.test(v)) line += '"' + v.replaceAll('"', '""') + '"';
    else line += v;
  }
  return line + '\n';
}
