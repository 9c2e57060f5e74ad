import { useState } from 'react';
import { Link } from 'react-router';
import { api, queryString } from '../../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import type { AlertRow, Alerts } from '../../enrolment/api';
import { todayJakarta } from '../../../dates';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StackedBars } from '../../../components/Charts';
import { Pagination } from '../../../components/Pagination';
import { DateInput } from '../../../components/DateInput';
import { useAction } from '../../../hooks/useAction';

/** Protection about to end, months unpaid, and cohorts whose funding ends before next year is budgeted. */
/** Rows per page of each list: a list is never cut silently (issue 12.8). */
const PAGE = 100;

export function AlertsPage() {
  const { t, formatNumber, fmt } = useI18n();
  const [asOf, setAsOf] = useState(todayJakarta());
  const [days, setDays] = useState(30);
  const [endingPage, setEndingPage] = useState(1);
  const [unpaidPage, setUnpaidPage] = useState(1);
  const q = queryString({ asOf, days, limit: PAGE, endingOffset: (endingPage - 1) * PAGE, unpaidOffset: (unpaidPage - 1) * PAGE });
  const { data, error, reload } = useApi<Alerts>(`/alerts${q}`);
  const { can } = useAuth();
  const rp = fmt.rupiah;
  // Renew a cohort where its alert is shown: the same source pays the next fiscal year.
  const renewing = useAction();
  const renew = (c: Alerts['cohorts'][number]) =>
    renewing.run(
      () =>
        api<{ renewed: number; rupiah: number }>(`/programs/${c.programId}/renew`, {
          method: 'POST',
          body: { fromYear: c.fiscalYear, toYear: c.fiscalYear + 1, sourceId: c.sourceId },
        }),
      (r) => {
        reload();
        return t('renewedCohort', { n: formatNumber(r.renewed), rupiah: rp(r.rupiah), year: String(c.fiscalYear + 1) });
      },
    );
  const table = (rows: AlertRow[], testId: string) => (
    <table className="grid small" data-testid={testId}>
      <thead>
        <tr>
          <th>NIK</th>
          <th>{t('fullName')}</th>
          <th>{t('sources')}</th>
          <th>{t('onDate')}</th>
          <th>{t('months')}</th>
          <th>Rp</th>
          <th>{t('deadline')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.kind}-${r.participantId ?? r.nik}-${r.sourceName}`}>
            <td className="mono">{r.nik}</td>
            <td>{r.participantId === null ? r.fullName : <Link to={`/participants/${r.participantId}`}>{r.fullName}</Link>}</td>
            <td>{r.sourceName}</td>
            <td className="date">{r.date}</td>
            <td className="num">{r.months || ''}</td>
            <td className="num">{r.rupiah ? rp(r.rupiah) : ''}</td>
            <td className="date">{fmt.date(r.deadline)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section>
      <h1>{t('alertsTitle')}</h1>
      <div className="inline-form">
        <label className="field">
          <span>{t('asOf')}</span>
          <DateInput name="asOf" value={asOf} onChange={(d) => (setAsOf(d), setEndingPage(1), setUnpaidPage(1))} />
        </label>
        <label className="field">
          <span>{t('horizonDays')}</span>
          <input
            type="number"
            name="days"
            min={0}
            max={366}
            value={days}
            onChange={(e) => (setDays(Number(e.target.value)), setEndingPage(1), setUnpaidPage(1))}
          />
        </label>
        <a className="button" href={`/api/v1/alerts.xlsx${q}`}>
          {t('download')} XLSX
        </a>
        <a className="button" href={`/api/v1/alerts.csv${q}`}>
          {t('download')} CSV
        </a>
      </div>
      <ErrorNotice error={error} />
      {data && (
        <>
          <div className="cards" data-testid="alert-counts">
            <div className="count invalid">
              <strong data-testid="alert-ending">{formatNumber(data.counts.ending)}</strong>
              <span>{t('endingSoon')}</span>
            </div>
            <div className="count invalid">
              <strong data-testid="alert-unpaid">{formatNumber(data.counts.unpaid)}</strong>
              <span>
                {t('unpaidMonths')} · {rp(data.counts.unpaidRupiah)}
              </span>
            </div>
            <div className="count invalid">
              <strong>{formatNumber(data.counts.cohortWorkers)}</strong>
              <span>{t('cohortsNoBudget')}</span>
            </div>
            <Link to="/claims?overdue=true" className={`count ${data.counts.overdueClaims > 0 ? 'invalid' : ''}`} data-testid="alert-claims">
              <strong>{formatNumber(data.counts.overdueClaims)}</strong>
              <span>{t('alertOverdueClaims')}</span>
            </Link>
            <Link to="/claims#beasiswa" className="count">
              <strong>{formatNumber(data.counts.scholarshipDue)}</strong>
              <span>{t('alertScholarshipDue')}</span>
            </Link>
            <a href="#tidak-layak" className={`count ${data.counts.eligibilityLost > 0 ? 'invalid' : ''}`} data-testid="alert-eligibility">
              <strong>{formatNumber(data.counts.eligibilityLost)}</strong>
              <span>
                {t('alertEligibilityLost')} · {rp(data.counts.eligibilityLostRupiah)}
              </span>
            </a>
          </div>
          {data.cohorts.length > 0 && (
            <>
              <h2>{t('cohortsNoBudget')}</h2>
              <StackedBars
                ariaLabel={t('cohortsNoBudget')}
                data={data.cohorts.map((c) => ({
                  label: `${c.sourceName} ${c.fiscalYear}`,
                  parts: [{ value: c.workers, className: 'base', title: `${c.workers}` }],
                }))}
              />
              <ErrorNotice error={renewing.error} />
              {renewing.notice && <p className="notice ok">{renewing.notice}</p>}
              <ul data-testid="cohorts">
                {data.cohorts.map((c) => (
                  <li key={`${c.sourceId}-${c.endsOn}`}>
                    {can('enrolment.write') && c.nextYearBudget > 0 && (
                      <button className="small" data-testid={`renew-${c.sourceId}`} onClick={() => void renew(c)}>
                        {t('renewCohort', { n: formatNumber(c.workers) })}
                      </button>
                    )}{' '}
                    {t(c.nextYearBudget > 0 ? 'cohortNoteBudget' : 'cohortNote', {
                      budget: rp(c.nextYearBudget),
                      source: c.sourceName,
                      year: String(c.fiscalYear),
                      date: fmt.date(c.endsOn),
                      next: String(c.fiscalYear + 1),
                      n: c.workers,
                      deadline: fmt.date(c.lapseDeadline),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>
            {t('endingSoon')} ({formatNumber(data.counts.ending)})
          </h2>
          {data.ending.length === 0 ? <p>{t('none0')}</p> : table(data.ending, 'ending')}
          {data.counts.ending > PAGE && (
            <div data-testid="ending-pages">
              <Pagination page={endingPage} pageSize={PAGE} total={data.counts.ending} onPage={setEndingPage} />
            </div>
          )}
          {data.counts.eligibilityLost > 0 && (
            <>
              <h2 id="tidak-layak">
                {t('alertEligibilityLost')} ({formatNumber(data.counts.eligibilityLost)})
              </h2>
              <p className="hint">{t('alertEligibilityNote')}</p>
              {table(data.eligibility, 'eligibility')}
            </>
          )}
          <h2>
            {t('unpaidMonths')} ({formatNumber(data.counts.unpaid)})
          </h2>
          {data.unpaid.length === 0 ? <p>{t('none0')}</p> : table(data.unpaid, 'unpaid')}
          {data.counts.unpaid > PAGE && (
            <div data-testid="unpaid-pages">
              <Pagination page={unpaidPage} pageSize={PAGE} total={data.counts.unpaid} onPage={setUnpaidPage} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
