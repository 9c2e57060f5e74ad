/** Rupiah as officials write them in letters and reports: "Rp 3.628.800.000" (integer Rupiah, id-ID grouping). */
export function formatRupiah(n: number): string {
  return `Rp ${n.toLocaleString('id-ID')}`;
}
