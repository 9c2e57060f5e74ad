import { describe, expect, it } from 'vitest';
import {
  excelSerialToIso,
  parseBoolCell,
  parseDateCell,
  parseNikCell,
  parsePhoneCell,
  parseRupiahCell,
  parseSexCell,
  parseVillageCell,
} from '../../src/domain/import-cells.js';
import { autoMapping } from '../../src/domain/import-mapping.js';
import { sectorFromText } from '../../src/domain/sector-text.js';
import { parseCsv } from '../../src/files/csv-parser.js';
import { detectDelimiter } from '../../src/files/readers.js';

const value = <T>(p: { ok: boolean; value?: T | null; code?: string }) => (p.ok ? p.value : `!${p.code}`);

describe('cells as spreadsheets deliver them', () => {
  it('NIK: scientific notation and cut numbers are rejected, never guessed', () => {
    expect(value(parseNikCell('3.50917E+15'))).toBe('!nik_scientific');
    expect(value(parseNikCell('3,50917E+15'))).toBe('!nik_scientific');
    expect(value(parseNikCell(3.50917e15))).toBe('!nik_excel_number');
    expect(value(parseNikCell(3509171203850010))).toBe('!nik_excel_number');
    expect(value(parseNikCell(3509171203850011))).toBe('3509171203850011');
    expect(value(parseNikCell(350917120385001))).toBe('!nik_length');
    expect(value(parseNikCell(" '3509171203850011 "))).toBe('3509171203850011');
    expect(value(parseNikCell('3509171203850011.0'))).toBe('3509171203850011');
    expect(value(parseNikCell('3509 1712 0385 0011'))).toBe('3509171203850011');
    expect(value(parseNikCell(''))).toBeNull();
  });

  it('dates: DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD, Excel serials and date cells', () => {
    expect(value(parseDateCell('12-03-1985'))).toBe('1985-03-12');
    expect(value(parseDateCell('12/03/1985'))).toBe('1985-03-12');
    expect(value(parseDateCell('2/3/1985'))).toBe('1985-03-02');
    expect(value(parseDateCell('1985-03-12'))).toBe('1985-03-12');
    expect(value(parseDateCell(31118))).toBe('1985-03-12');
    expect(value(parseDateCell('31118'))).toBe('1985-03-12');
    expect(value(parseDateCell(new Date(Date.UTC(1985, 2, 12))))).toBe('1985-03-12');
    expect(value(parseDateCell('31-02-1985'))).toBe('!date_not_a_day');
    expect(value(parseDateCell('29-02-1988'))).toBe('1988-02-29');
    // Issue 12.10: the format is right and the day does not exist — said as such, not "not recognised".
    expect(value(parseDateCell('29-02-1989'))).toBe('!date_not_a_day');
    expect(parseDateCell('29-02-1999')).toMatchObject({ en: 'Date "29-02-1999" is not a day of the calendar (check day and month)' });
    expect(value(parseDateCell('31-04-1990'))).toBe('!date_not_a_day');
    expect(value(parseDateCell('12-08-1850'))).toBe('!date_year');
    expect(value(parseDateCell('12 Agustus 1990'))).toBe('!date_invalid');
    expect(value(parseDateCell('12 Maret 1985'))).toBe('!date_invalid');
    expect(excelSerialToIso(60)).toBeNull(); // Excel's 29 Feb 1900 never existed
  });

  it('sex, village codes, Rupiah, phones, yes/no', () => {
    expect(['L', 'l', 'LAKI-LAKI', 'Laki-laki', 'M', 'lk'].map((s) => value(parseSexCell(s)))).toEqual(['L', 'L', 'L', 'L', 'L', 'L']);
    expect(['P', 'PEREMPUAN', 'F', 'pr', 'Wanita'].map((s) => value(parseSexCell(s)))).toEqual(['P', 'P', 'P', 'P', 'P']);
    expect(value(parseSexCell('X'))).toBe('!sex_invalid');
    expect(value(parseVillageCell('3509172001'))).toBe('35.09.17.2001');
    expect(value(parseVillageCell(3509172001))).toBe('35.09.17.2001');
    expect(value(parseVillageCell(' 35.09.17.2001 '))).toBe('35.09.17.2001');
    expect(value(parseVillageCell('35.09.17'))).toBe('!village_code_format');
    expect(['1500000', '1.500.000', 'Rp 1.500.000', 'Rp. 1,500,000'].map((s) => value(parseRupiahCell(s)))).toEqual([1500000, 1500000, 1500000, 1500000]);
    expect(value(parseRupiahCell('1.500,50'))).toBe('!income_invalid');
    expect(value(parsePhoneCell(81234567890))).toBe('+6281234567890');
    expect(value(parseBoolCell('Ya'))).toBe(true);
    expect(value(parseBoolCell('tidak'))).toBe(false);
  });

  it('maps Indonesian and English headers whatever their case and punctuation', () => {
    expect(autoMapping(['NIK', 'Nama Lengkap', 'Tgl. Lahir', 'JK', 'KDDESA', 'Pekerjaan', 'desil', 'PENGHASILAN', 'No. HP', 'Catatan'])).toEqual({
      nik: 0,
      fullName: 1,
      birthDate: 2,
      sex: 3,
      villageCode: 4,
      sectorCode: 5,
      welfareDecile: 6,
      monthlyIncome: 7,
      phone: 8,
    });
    expect(autoMapping(['national id', 'FULL_NAME', 'date of birth'])).toEqual({ nik: 0, fullName: 1, birthDate: 2 });
  });

  it('reads occupation text into sectors, keeping unknown text', () => {
    const known = new Map([
      ['fisher', 'fisher'],
      ['nelayan', 'fisher'],
    ]);
    expect(sectorFromText('Nelayan', known)).toEqual({ sectorCode: 'fisher', occupation: null });
    expect(sectorFromText('Buruh Tani Tembakau', known).sectorCode).toBe('tobacco_farm_labourer');
    expect(sectorFromText('guru ngaji', known).sectorCode).toBe('religious_social_worker');
    expect(sectorFromText('Tukang Tambal Ban', known)).toEqual({ sectorCode: 'other', occupation: 'Tukang Tambal Ban' });
  });
});

describe('CSV parsing', () => {
  async function parseAll(chunks: string[], delimiter = ','): Promise<string[][]> {
    const out: string[][] = [];
    async function* source() {
      yield* chunks;
    }
    for await (const rows of parseCsv(source(), delimiter)) out.push(...rows);
    return out;
  }

  it('handles BOM, CRLF, quotes with delimiters, escaped quotes and line breaks, across chunk edges', async () => {
    const text = '\uFEFFa;b;c\r\n1;"x; y";"say ""hi"""\r\n2;"two\nlines";\r\n3;a"b;c\r\n';
    const expected = [
      ['a', 'b', 'c'],
      ['1', 'x; y', 'say "hi"'],
      ['2', 'two\nlines', ''],
      ['3', 'a"b', 'c'],
    ];
    expect(await parseAll([text], ';')).toEqual(expected);
    // Every possible split point gives the same rows.
    for (let i = 1; i < text.length; i++) expect(await parseAll([text.slice(0, i), text.slice(i)], ';')).toEqual(expected);
  });

  it('detects comma, semicolon and tab', () => {
    expect(detectDelimiter('NIK;NAMA;"A,B"')).toBe(';');
    expect(detectDelimiter('NIK,NAMA,"A;B"')).toBe(',');
    expect(detectDelimiter('NIK\tNAMA')).toBe('\t');
  });
});
