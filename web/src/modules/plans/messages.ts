/** UI text of plans: who loses protection, baselines, optimisation methods (merged into messages.ts). */
export const plansId = {
  lossesTitle: 'Yang kehilangan perlindungan',
  lossesNone: 'Tidak ada peserta yang kehilangan perlindungan: {kept} dari {before} yang kini terlindungi tetap dilindungi rencana ini.',
  lossesLead: '{total} dari {before} pekerja yang kini terlindungi kehilangan perlindungan dengan rencana ini; {kept} tetap dilindungi.',
  lossesEnd: '{n} berakhir {date}',
  lossReason_budget: 'anggaran tidak cukup (pekerja lain didahulukan menurut prioritas rencana)',
  lossReason_rule: 'tidak memenuhi aturan sumber dana',
  lossReason_not_candidate: 'bukan calon lagi (tidak terdaftar di wilayah program)',
  protectedUntil: 'Terlindungi s.d.',
  confirmLosses: 'Saya telah memeriksa daftar ini: {total} pekerja kehilangan perlindungan bila rencana ini disetujui.',
  confirmLossesNeeded: 'Centang konfirmasi di atas sebelum menyetujui.',
  engine_flow: 'aliran biaya minimum (min-cost flow)',
  engine_milp: 'pemrograman bilangan bulat (MILP)',
  engine_sponsorship: 'sponsor donatur (dibayar, tanpa optimasi)',
  baselineFunded:
    'Sudah didanai: rencana #{plan} melindungi {workers} pekerja dengan {rupiah}. Target berarti jumlah seluruh yang terlindungi, termasuk mereka.',
  baselineNone: 'Belum ada rencana yang disetujui untuk bulan-bulan ini: dasar perbandingan dihitung dari pagu yang tersedia.',
  neededLine: 'Terlindungi dengan dana kini: {current} · target: {target} · selisih: {gap}',
  periodKind_plan: 'rencana',
  periodKind_extension: 'perpanjangan',
  periodKind_renewal: 'pembaruan',
  periodKind_replacement: 'penggantian',
};

export type PlansKey = keyof typeof plansId;

export const plansEn: Record<PlansKey, string> = {
  lossesTitle: 'Who loses protection',
  lossesNone: 'Nobody loses protection: {kept} of the {before} protected now stay protected under this plan.',
  lossesLead: '{total} of the {before} workers protected now lose protection under this plan; {kept} stay protected.',
  lossesEnd: '{n} end on {date}',
  lossReason_budget: 'not enough budget (others came first by the plan’s priorities)',
  lossReason_rule: 'fails a funding source’s rules',
  lossReason_not_candidate: 'no longer a candidate (not registered in the program’s region)',
  protectedUntil: 'Protected until',
  confirmLosses: 'I have reviewed this list: {total} workers lose protection if this plan is approved.',
  confirmLossesNeeded: 'Tick the confirmation above before approving.',
  engine_flow: 'minimum-cost flow',
  engine_milp: 'mixed-integer programming (MILP)',
  engine_sponsorship: 'donor sponsorship (paid, no optimisation)',
  baselineFunded: 'Already funded: plan #{plan} protects {workers} workers with {rupiah}. A target means everyone protected, them included.',
  baselineNone: 'No plan approved for these months yet: the baseline is computed from the available budget.',
  neededLine: 'Protected with today’s money: {current} · target: {target} · difference: {gap}',
  periodKind_plan: 'plan',
  periodKind_extension: 'extension',
  periodKind_renewal: 'renewal',
  periodKind_replacement: 'replacement',
};
