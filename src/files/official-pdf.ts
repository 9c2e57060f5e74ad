/**
 * The layout of an official document as regency offices lay theirs out: the letterhead (logo, the
 * government and office in capitals, address and contact, a double rule), place and date on the right,
 * Nomor / Sifat / Lampiran / Hal, the addressee, the body, and the signature block (position, space to
 * sign, name underlined, rank, NIP). Drawing only: the data comes from the letterheads module.
 */
type Doc = PDFKit.PDFDocument;

export interface OfficeLetterhead {
  government: string;
  office: string;
  address: string;
  contact: string;
  place: string;
  signatory: { name: string; position: string; rank: string; nip: string };
}

export interface OfficialHeader {
  number: string;
  /** Sifat: Biasa, Segera, Penting, Rahasia. */
  nature: string;
  /** Lampiran: "1 (satu) berkas", "-". */
  attachment: string;
  /** Hal: the subject. */
  subject: string;
  /** The day of the document, "YYYY-MM-DD". */
  date: string;
  /** Yth. …, one line each; none for a report. */
  to?: string[];
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "3 Desember 2026" from "2026-12-03". */
export function tanggal(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Juli 2026" from "2026-07"; "Juli 2026 s.d. Desember 2027" for a range. */
export function bulan(from: string, to?: string): string {
  const one = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
  return to && to.slice(0, 7) !== from.slice(0, 7) ? `${one(from)} s.d. ${one(to)}` : one(from);
}

export function drawLetterhead(doc: Doc, lh: OfficeLetterhead, logo: Buffer | null): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.y;
  if (logo) {
    try {
      doc.image(logo, left, top, { fit: [62, 62] });
    } catch {
      // An image pdfkit cannot read is left out; the letterhead text still identifies the office.
    }
  }
  const textLeft = left + (logo ? 70 : 0);
  const textWidth = width - (logo ? 140 : 0);
  doc.font('Helvetica-Bold').fontSize(13).text(lh.government.toUpperCase(), textLeft, top, { width: textWidth, align: 'center' });
  doc.fontSize(15).text(lh.office.toUpperCase(), textLeft, doc.y, { width: textWidth, align: 'center' });
  doc.font('Helvetica').fontSize(9);
  if (lh.address) doc.text(lh.address, textLeft, doc.y, { width: textWidth, align: 'center' });
  if (lh.contact) doc.text(lh.contact, textLeft, doc.y, { width: textWidth, align: 'center' });
  const y = Math.max(doc.y, top + 64) + 4;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .lineWidth(2)
    .stroke();
  doc
    .moveTo(left, y + 3)
    .lineTo(left + width, y + 3)
    .lineWidth(0.6)
    .stroke();
  doc.lineWidth(1);
  doc.x = left;
  doc.y = y + 12;
}

export function drawHeader(doc: Doc, lh: OfficeLetterhead, h: OfficialHeader): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(`${lh.place}, ${tanggal(h.date)}`, left, doc.y, { width, align: 'right' });
  doc.moveDown(0.5);
  const rows: [string, string][] = [
    ['Nomor', h.number],
    ['Sifat', h.nature],
    ['Lampiran', h.attachment],
    ['Hal', h.subject],
  ];
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.text(k, left, y, { width: 70 });
    doc.text(':', left + 70, y, { width: 10 });
    doc.font(k === 'Hal' ? 'Helvetica-Bold' : 'Helvetica').text(v, left + 82, y, { width: width - 82 });
    doc.font('Helvetica');
  }
  if (h.to && h.to.length > 0) {
    doc.moveDown();
    doc.text('Yth.', left, doc.y);
    for (const line of h.to) doc.text(line, left);
  }
  doc.moveDown();
  doc.x = left;
}

/** The signature block on the right: position, room to sign, name underlined, rank, NIP. */
export function drawSignature(doc: Doc, lh: OfficeLetterhead): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const x = left + width * 0.55;
  const w = width * 0.45;
  if (doc.y > doc.page.height - doc.page.margins.bottom - 130) doc.addPage();
  doc.moveDown(1.5);
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(lh.signatory.position || '......................................', x, doc.y, { width: w });
  doc.moveDown(4);
  doc
    .font('Helvetica-Bold')
    .text(lh.signatory.name || '(......................................)', x, doc.y, { width: w, underline: Boolean(lh.signatory.name) });
  doc.font('Helvetica');
  if (lh.signatory.rank) doc.text(lh.signatory.rank, x, doc.y, { width: w });
  doc.text(`NIP ${lh.signatory.nip || '..................................'}`, x, doc.y, { width: w });
  doc.x = left;
}
