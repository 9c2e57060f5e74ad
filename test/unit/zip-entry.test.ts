import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readZipEntry, workbookSheets } from '../../src/files/zip-entry.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url));

describe('reading an XLSX sheet list from the zip directory', () => {
  it('lists the sheets in workbook order even though workbook.xml is the last entry', async () => {
    const sheets = await workbookSheets(fixture('workers.xlsx'));
    expect(sheets?.map((s) => s.name)).toEqual(['Petunjuk', 'Data']);
    expect(sheets?.every((s) => s.rId.startsWith('rId') && s.state === 'visible')).toBe(true);
  });

  it('answers null for a file that is not a zip, or an entry that is not there', async () => {
    expect(await workbookSheets(fixture('dirty-semicolon.csv'))).toBeNull();
    expect(await readZipEntry(fixture('workers.xlsx'), 'xl/none.xml')).toBeNull();
  });
});
