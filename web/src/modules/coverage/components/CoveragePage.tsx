import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, queryString, uploadFile, type ApiError } from '../../../api/client';
import type { DashboardView as Dashboard } from '../../../../../src/modules/coverage/coverage.schemas.js';
import { todayJakarta } from '../../../dates';
import { useApi } from '../../../hooks/useApi';
import { useSectors } from '../../../hooks/useSectors';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import { LineChart, StackedBars } from '../../../components/Charts';
import { CoverageMap, MapLegend, type BoundaryCollection } from './CoverageMap';
import { DateInput } from '../../../components/DateInput';
import { useAction } from '../../../hooks/useAction';

type By = 'coverage' | 'growth' | 'subsidised';

/** Coverage of a region against its target, its children ranked and mapped, drill-down to villages. */
export function CoveragePage() {
  const { t, formatNumber, formatPercent, fmt, label } = useI18n();
  const { can, me } = useAuth();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? me?.user.regionCode ?? '';
  const [asOf, setAsOf] = useState(params.get('asOf') ?? todayJakarta());
  const [by, setBy] = useState<By>('coverage');
  const q = queryString({ regionCode: region || undefined, asOf });
  const { data: d, error, reload } = useApi<Dashboard>(`/coverage/dashboard${q}`);
  const boundaries = useApi<BoundaryCollection>(`/coverage/boundaries${queryString({ parent: region || undefined })}`);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [pct, setPct] = useState<number | null>(null);
  const [target, setTarget] = useState({ value: '', source: '' });
  const [edit, setEdit] = useState<Record<string, string> | null>(null);
  const { sectorName } = useSectors();
  const rp = fmt.rupiah;
  const go = (code: string) => setParams({ region: code, asOf });
  const upload = async (path: string, file: File | undefined, done: (r: Record<string, number>) => string) => {
    if (!file) return;
    setActionError(null);
    setNotice('');
    setPct(0);
    try {
      setNotice(done(await uploadFile<Record<string, number>>(path, file, setPct)));
      reload();
      boundaries.reload();
    } catch (e) {
      setActionError(e as ApiError);
    } finally {
      setPct(null);
    }
  };
  const action = useAction();
  const act = (fn: () => Promise<unknown>) => action.run(fn, () => reload());
  if (!d) return <ErrorNotice error={error} />;
  const r = d.region;
  const ranked = d.rankings[by];
  return (
    <section>
      <p className="crumbs">
        <Link to={`/coverage?asOf=${asOf}`}>{t('country')}</Link>
        {d.breadcrumb.map((c) => (
          <span key={c.code}>
            {' › '}
            <Link to={`/coverage?region=${c.code}&asOf=${asOf}`}>{c.name}</Link>
          </span>
        ))}
      </p>
      <h1>
        {t('coverageTitle')} · {r.name}
      </h1>
      <p className="note">{t('coverageLead')}</p>
      <div className="inline-form">
        <label className="field">
          <span>{t('asOf')}</span>
          <DateInput name="asOf" value={asOf} onChange={(d) => (setAsOf(d), setParams({ region, asOf: d }))} />
        </label>
        <a className="button" href={`/api/v1/coverage/export.xlsx${q}`}>
          {t('download')} XLSX
        </a>
        <a className="button" href={`/api/v1/coverage/export.pdf${q}`} data-testid="coverage-pdf">
          {t('exportPdf')}
        </a>
        <button onClick={() => void act(() => api('/coverage/refresh', { method: 'POST', body: {} }))}>{t('refreshSubsidised')}</button>
        {d.refreshedAt && <small className="note">{t('refreshedAt', { at: fmt.dateTime(d.refreshedAt) })}</small>}
        {d.freshness.source === 'replica' && d.freshness.lagSeconds >= 1 && (
          <small className="note" data-testid="replica-lag">
            {t('replicaLag', { seconds: fmt.number(d.freshness.lagSeconds) })}
          </small>
        )}
      </div>
      <ErrorNotice error={actionError ?? action.error} />
      {notice && <p className="notice ok">{notice}</p>}
      {pct !== null && <ProgressBar percent={pct} label={t('uploading', { pct })} />}

      <div className="cards" data-testid="coverage-kpis">
        <div className="count inserted">
          <strong data-testid="coverage-pct">{r.pct === null ? '—' : formatPercent(r.pct)}</strong>
          <span>
            {t('coverage')} · {r.asOf ? fmt.date(r.asOf) : t('noData')}
          </span>
        </div>
        <div className="count">
          <strong>{r.active === null ? '—' : formatNumber(r.active)}</strong>
          <span>
            {t('activeParticipants')} · {r.participantsSource ?? ''}
          </span>
        </div>
        <div className="count">
          <strong>{r.potential === null ? '—' : formatNumber(r.potential)}</strong>
          <span>
            {t('potentialParticipants')} · {r.potentialSource ?? ''}
          </span>
        </div>
        <div className="count">
          <strong>{r.changePoints === null ? '—' : `${r.changePoints >= 0 ? '+' : ''}${formatPercent(r.changePoints).replace(' %', '')}`}</strong>
          <span>
            {t('change')} ({t('points')}){r.previous ? ` · ${fmt.date(r.previous.asOf)}` : ''}
          </span>
        </div>
        <div className="count" data-testid="subsidised">
          <strong>{formatNumber(r.subsidised)}</strong>
          <span>
            {t('subsidisedByJaring')}
            {r.subsidisedShare !== null ? ` · ${formatPercent(r.subsidisedShare)} ${t('shareOfActive')}` : ''}
          </span>
        </div>
      </div>
      <p className="note" data-testid="subsidised-rule">
        {t('subsidisedRule', {
          date: fmt.date(d.asOf),
          month: fmt.month(d.subsidisedRule.month),
          arrears: d.subsidisedRule.arrearsMonths,
          basis: d.subsidisedRule.legalBasis,
          paid: formatNumber(r.subsidisedPaid),
          at: d.refreshedAt ? fmt.dateTime(d.refreshedAt) : '–',
        })}
      </p>
      {r.flagged && (
        <p className="notice" data-testid="flag">
          ⚠ {t('inconsistentFlag', { reported: formatPercent(r.reportedPct!), pct: formatPercent(r.pct!) })}
        </p>
      )}
      <p data-testid="gap">
        {r.target
          ? r.target.gapPeople > 0
            ? t('gapLine', {
                people: formatNumber(r.target.gapPeople),
                target: formatPercent(r.target.value),
                year: String(r.target.year),
                source: r.target.source,
                rupiah: rp(r.target.gapRupiahPerYear),
                monthly: rp(d.tariff.monthly),
              })
            : t('targetMet', { target: formatPercent(r.target.value), year: String(r.target.year), source: r.target.source })
          : t('noTarget')}
      </p>
      {d.series.length > 1 && (
        <>
          <h2>{t('seriesTitle')}</h2>
          <LineChart
            ariaLabel={t('seriesTitle')}
            points={d.series.map((s) => ({ label: fmt.shortDate(s.asOf), value: s.pct }))}
            target={r.target?.value ?? null}
          />
        </>
      )}

      {(d.bySource.length > 0 || d.bySector.length > 0) && (
        <div className="two-col" data-testid="subsidised-breakdown">
          <div>
            <h2>
              {t('subsidisedByJaring')} · {t('fundingTypeLabel')}
            </h2>
            <StackedBars
              ariaLabel={t('fundingTypeLabel')}
              data={d.bySource.map((b) => ({
                label: `${b.fundingType} · ${formatNumber(b.participants)}`,
                parts: [{ value: b.participants, className: 'used', title: t('paidForMonth', { n: b.paid, rupiah: rp(b.rupiah) }) }],
              }))}
            />
          </div>
          <div>
            <h2>
              {t('subsidisedByJaring')} · {t('sector')}
            </h2>
            <StackedBars
              ariaLabel={t('sector')}
              data={d.bySector.map((b) => ({
                label: `${sectorName(b.sectorCode)} · ${formatNumber(b.participants)}`,
                parts: [{ value: b.participants, className: 'used', title: t('paidForMonth', { n: b.paid, rupiah: rp(b.rupiah) }) }],
              }))}
            />
          </div>
        </div>
      )}

      <div className="two-col">
        <div>
          <CoverageMap
            regions={d.children.map((c) => ({ code: c.code, name: c.name, pct: c.pct }))}
            boundaries={boundaries.data}
            onSelect={go}
            labels={{ schematic: t('mapSchematic'), choropleth: t('mapChoropleth'), noData: t('noData') }}
          />
          <MapLegend noData={t('noData')} />
        </div>
        <div>
          <h2>{t('ranking')}</h2>
          <div className="tabs">
            {(['coverage', 'growth', 'subsidised'] as const).map((b) => (
              <button key={b} className={by === b ? 'on' : ''} onClick={() => setBy(b)}>
                {label('rankBy', b)}
              </button>
            ))}
          </div>
          {ranked.length > 0 && (
            <StackedBars
              ariaLabel={t('ranking')}
              data={ranked.slice(0, 15).map((x) => ({
                label: `${x.rank}. ${x.name}`,
                parts: [{ value: Math.max(0, by === 'coverage' ? x.pct : (x.value ?? 0)), className: 'used', title: x.basis }],
              }))}
            />
          )}
        </div>
      </div>

      <table className="grid" data-testid="coverage-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('region')}</th>
            <th>{t('activeParticipants')}</th>
            <th>{t('potentialParticipants')}</th>
            <th>{t('coverage')}</th>
            <th>{t('reportedPct')}</th>
            <th>{t('change')}</th>
            <th>{t('subsidisedByJaring')}</th>
            <th>{t('gap')}</th>
            <th>{t('basis')}</th>
          </tr>
        </thead>
        <tbody>
          {d.children.map((c) => (
            <tr key={c.code} className={c.flagged ? 'flagged' : ''}>
              <td className="num">{c.rankCoverage ?? ''}</td>
              <td>
                <Link to={`/coverage?region=${c.code}&asOf=${asOf}`}>{c.name}</Link>
              </td>
              <td className="num">{c.active === null ? '—' : formatNumber(c.active)}</td>
              <td className="num">{c.potential === null ? '—' : formatNumber(c.potential)}</td>
              <td className="num">{c.pct === null ? '—' : formatPercent(c.pct)}</td>
              <td className="num">
                {c.reportedPct === null ? '' : formatPercent(c.reportedPct)}
                {c.flagged ? ' ⚠' : ''}
              </td>
              <td className="num">{c.changePoints === null ? '' : formatPercent(c.changePoints).replace(' %', '')}</td>
              <td className="num">{formatNumber(c.subsidised)}</td>
              <td className="num">{c.target ? formatNumber(c.target.gapPeople) : ''}</td>
              <td className="note">{d.rankings.coverage.find((x) => x.code === c.code)?.basis ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {can('coverage.write') && (
        <div className="card-wide">
          <h2>{t('editInput')}</h2>
          {edit === null ? (
            <button
              disabled={!region}
              data-testid="edit-input"
              onClick={() =>
                setEdit({
                  asOf,
                  potential: String(r.potential ?? ''),
                  potentialSource: r.potentialSource ?? '',
                  activePu: String(r.segments.pu ?? ''),
                  activeBpu: String(r.segments.bpu ?? ''),
                  activeJakon: String(r.segments.jakon ?? ''),
                  activePmi: String(r.segments.pmi ?? ''),
                  activeTotal: String(r.active ?? ''),
                  participantsSource: r.participantsSource ?? '',
                  reportedPct: r.reportedPct === null ? '' : String(r.reportedPct),
                })
              }
            >
              {t('editInput')}
            </button>
          ) : (
            <form
              className="inline-form"
              data-testid="input-form"
              onSubmit={(e) => {
                e.preventDefault();
                const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : Number(v.replace(/[.\s]/g, '').replace(',', '.')));
                const hasSegments = ['activePu', 'activeBpu', 'activeJakon', 'activePmi'].some((k) => (edit[k] ?? '').trim() !== '');
                void act(async () => {
                  await api('/coverage/inputs', {
                    method: 'POST',
                    body: {
                      items: [
                        {
                          regionCode: region,
                          asOf: edit.asOf,
                          potential: num(edit.potential),
                          potentialSource: edit.potentialSource,
                          activePu: num(edit.activePu),
                          activeBpu: num(edit.activeBpu),
                          activeJakon: num(edit.activeJakon),
                          activePmi: num(edit.activePmi),
                          activeTotal: hasSegments ? null : num(edit.activeTotal),
                          participantsSource: edit.participantsSource,
                          reportedPct: (edit.reportedPct ?? '').trim() === '' ? null : Number(edit.reportedPct!.replace(',', '.')),
                        },
                      ],
                    },
                  });
                  setEdit(null);
                });
              }}
            >
              {(
                [
                  ['asOf', t('asOf')],
                  ['potential', t('potentialParticipants')],
                  ['potentialSource', t('potentialSource')],
                  ['activePu', 'PU'],
                  ['activeBpu', 'BPU'],
                  ['activeJakon', 'Jakon'],
                  ['activePmi', 'PMI'],
                  ['activeTotal', t('activeParticipants')],
                  ['participantsSource', t('participantsSource')],
                  ['reportedPct', `${t('reportedPct')} (%)`],
                ] as const
              ).map(([k, label]) => (
                <label className="field" key={k}>
                  <span>{label}</span>
                  <input name={k} type={k === 'asOf' ? 'date' : 'text'} value={edit[k] ?? ''} onChange={(e) => setEdit({ ...edit, [k]: e.target.value })} />
                </label>
              ))}
              <button type="submit">{t('save')}</button>
              <button type="button" onClick={() => setEdit(null)}>
                {t('cancel')}
              </button>
            </form>
          )}
          <h2>{t('setTarget')}</h2>
          <div className="inline-form">
            <label className="field">
              <span>
                {t('target')} {d.year} (%)
              </span>
              <input name="targetValue" value={target.value} onChange={(e) => setTarget({ ...target, value: e.target.value })} />
            </label>
            <label className="field">
              <span>{t('targetSource')}</span>
              <input name="targetSource" value={target.source} onChange={(e) => setTarget({ ...target, source: e.target.value })} />
            </label>
            <button
              disabled={!region}
              onClick={() =>
                void act(() =>
                  api('/coverage/targets', {
                    method: 'PUT',
                    body: { regionCode: region, year: d.year, value: Number(target.value.replace(',', '.')), source: target.source },
                  }),
                )
              }
            >
              {t('setTarget')}
            </button>
          </div>
          <h2>{t('importInputs')}</h2>
          <p className="note">{t('inputsHelp')}</p>
          <input
            type="file"
            name="inputsFile"
            accept=".csv,.xlsx"
            onChange={(e) => void upload('/coverage/inputs/upload', e.target.files?.[0], (x) => t('savedRows', { n: x.saved ?? 0, flagged: x.flagged ?? 0 }))}
          />
          <h2>{t('importBoundaries')}</h2>
          <input
            type="file"
            name="boundariesFile"
            accept=".geojson,.json"
            onChange={(e) =>
              void upload('/coverage/boundaries', e.target.files?.[0], (x) => t('matchedBoundaries', { matched: x.matched ?? 0, features: x.features ?? 0 }))
            }
          />
        </div>
      )}
    </section>
  );
}
