import { Link } from 'react-router';
import type { HomeView } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import '../home.css';

interface Tile {
  key: string;
  to: string;
  title: string;
  value: string;
  note?: string;
  urgent?: boolean;
}

/** After login: what to do today, for the user's role and region (issue 12.14). */
export function HomePage() {
  const { t, fmt, formatPercent } = useI18n();
  const { data: h, error } = useApi<HomeView>('/home');
  if (error) return <ErrorNotice error={error} />;
  if (!h) return <p>{t('loading')}</p>;
  const n = fmt.number;
  const tiles: Tile[] = [];
  if (h.plans && (h.plans.submitted > 0 || h.plans.drafts > 0))
    tiles.push({
      key: 'plans',
      to: '/plans',
      title: t('homePlans'),
      value: n(h.plans.submitted),
      note: [
        h.plans.awaitingMe > 0 ? t('homePlansMine', { n: n(h.plans.awaitingMe) }) : '',
        h.plans.drafts > 0 ? t('homePlansDrafts', { n: n(h.plans.drafts) }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
      urgent: h.plans.awaitingMe > 0,
    });
  if (h.endingThisMonth)
    tiles.push({
      key: 'ending',
      to: '/alerts',
      title: t('homeEnding'),
      value: n(h.endingThisMonth.count),
      note: t('homeEndingNote', { date: fmt.date(h.endingThisMonth.until) }),
      urgent: h.endingThisMonth.count > 0,
    });
  if (h.unpaid)
    tiles.push({
      key: 'unpaid',
      to: '/alerts',
      title: t('homeUnpaid'),
      value: n(h.unpaid.count),
      note: fmt.rupiah(h.unpaid.rupiah),
      urgent: h.unpaid.count > 0,
    });
  if (h.invoices)
    tiles.push({ key: 'invoices', to: '/billing', title: t('homeInvoices'), value: n(h.invoices.open), note: fmt.rupiah(h.invoices.outstanding) });
  if (h.claims && h.claims.overdue > 0)
    tiles.push({ key: 'claims', to: '/claims?overdue=true', title: t('homeClaims'), value: n(h.claims.overdue), urgent: true });
  if (h.donors && h.donors.openLines + h.donors.poolsToAssign > 0)
    tiles.push({ key: 'donors', to: '/donors', title: t('homeDonorDesk'), value: n(h.donors.openLines + h.donors.poolsToAssign), urgent: false });
  if (h.verification && h.verification.pending > 0)
    tiles.push({
      key: 'verification',
      to: h.verification.roundId ? `/verification/${h.verification.roundId}` : '/verification',
      title: t('homeVerification'),
      value: n(h.verification.pending),
      note: h.verification.nearestDue ? `${t('dueOn')} ${fmt.date(h.verification.nearestDue)}` : undefined,
      urgent: true,
    });
  if (h.claims && h.claims.scholarshipDue > 0)
    tiles.push({ key: 'scholarship', to: '/claims#beasiswa', title: t('homeScholarshipDue'), value: n(h.claims.scholarshipDue), urgent: false });
  if (h.batches)
    tiles.push({ key: 'batches', to: '/enrolment', title: t('homeBatches'), value: n(h.batches.awaitingAnswer), urgent: h.batches.awaitingAnswer > 0 });
  if (h.imports)
    tiles.push({
      key: 'imports',
      to: h.imports.latestId ? `/imports/${h.imports.latestId}` : '/imports',
      title: t('homeImports'),
      value: n(h.imports.unfinished),
      note: h.imports.failed > 0 ? t('homeImportsFailed', { n: n(h.imports.failed) }) : undefined,
      urgent: h.imports.unfinished > 0,
    });
  if (h.protectedNow)
    tiles.push({
      key: 'protected',
      to: '/coverage',
      title: t('homeProtected'),
      value: n(h.protectedNow.count),
      note: t('homeProtectedNote', { paid: n(h.protectedNow.paidThisMonth), month: fmt.month(h.protectedNow.month) }),
    });
  if (h.coverage)
    tiles.push({
      key: 'coverage',
      to: '/coverage',
      title: t('homeCoverage'),
      value: h.coverage.pct === null ? '—' : formatPercent(h.coverage.pct),
      note: h.coverage.target
        ? t('homeCoverageTarget', { target: formatPercent(h.coverage.target.value), year: String(h.coverage.target.year), gap: n(h.coverage.target.gapPeople) })
        : t('homeNoTarget'),
    });
  return (
    <section>
      <h1>{t('homeTitle')}</h1>
      <p className="note">{t('homeLead', { region: h.regionName, date: fmt.date(h.today) })}</p>
      {!tiles.some((x) => x.urgent) && <p className="notice ok">{t('homeAllClear')}</p>}
      <div className="home-tiles" data-testid="home-tiles">
        {tiles.map((x) => (
          <Link key={x.key} to={x.to} className={`home-tile${x.urgent ? ' urgent' : ''}`} data-testid={`home-${x.key}`}>
            <span className="home-title">{x.title}</span>
            <strong>{x.value}</strong>
            {x.note && <small>{x.note}</small>}
          </Link>
        ))}
      </div>
    </section>
  );
}
