/** One CSV line for COPY … (FORMAT csv): null becomes an empty unquoted field, text is always quoted. */
export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  return (
    values
      .map((v) => {
        if (v === null) return '';
        if (typeof v !== 'string') return String(v);
        return `"${v.replaceAll('"', '""')}"`;
      })
      .join(',') + '\n'
  );
}
