import '../claims.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import type { BenefitRuleT } from '../../../../../src/modules/funding/funding.schemas.js';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { DateInput } from '../../../components/DateInput';
import { todayJakarta } from '../../../dates';

/** The dated rules behind every benefit and deadline, with their legal basis; the national administrator replaces one from a day. */
export function BenefitRulesPage() {
  const { t, fmt } = useI18n();
  const { can } = useAuth();
  const { data, error } = useApi<{ items: BenefitRuleT[] }>('/benefit-rules');
  const [fresh, setFresh] = useState<BenefitRuleT[] | null>(null);
  const rules = fresh ?? data?.items ?? [];
  const [form, setForm] = useState({ key: 'jkm.claim_deadline_years', value: '', validFrom: todayJakarta(), legalBasis: '', note: '' });
  const save = useAction();
  const value = (r: BenefitRuleT) =>
    r.unit === 'rupiah'
      ? fmt.rupiah(r.value)
      : r.unit === 'income_bp'
        ? fmt.percent(r.value / 100)
        : `${fmt.number(r.value)} ${t(`unit_${r.unit}` as 'unit_years')}`;
  return (
    <section>
      <p>
        <Link to="/claims">‹ {t('claimsTitle')}</Link>
      </p>
      <h1>{t('benefitRuleTable')}</h1>
      <p className="note">{t('benefitRulesLead')}</p>
      <ErrorNotice error={error} />
      <div className="table-scroll">
        <table className="grid small" data-testid="benefit-rules">
          <thead>
            <tr>
              <th>{t('ruleKey')}</th>
              <th className="num">{t('value')}</th>
              <th>{t('validFrom')}</th>
              <th>{t('ruleLegalBasis')}</th>
              <th>{t('note')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={`${r.key}-${r.validFrom}`} className={r.validTo ? 'ended' : undefined}>
                <td className="mono">{r.key}</td>
                <td className="num">{value(r)}</td>
                <td className="date">
                  {fmt.date(r.validFrom)}
                  {r.validTo ? ` – ${fmt.date(r.validTo)}` : ''}
                </td>
                <td>{r.legalBasis}</td>
                <td className="note">{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can('reference.write') && (
        <form
          className="card-wide form-grid"
          data-testid="replace-rule"
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(
              () =>
                api<{ items: BenefitRuleT[] }>('/benefit-rules', {
                  method: 'POST',
                  body: {
                    key: form.key,
                    value: Number(form.value.replace(/[.,\s]/g, '')),
                    validFrom: form.validFrom,
                    legalBasis: form.legalBasis,
                    note: form.note,
                  },
                }),
              (r) => setFresh(r.items),
            );
          }}
        >
          <h2>{t('replaceRule')}</h2>
          <Field label={t('ruleKey')} name="key" problems={save.problems}>
            <select name="ruleKey" value={form.key} onChange={(e) => setForm({ ...form, key: e.target.value })}>
              {[...new Set(rules.filter((r) => !r.validTo).map((r) => r.key))].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('value')} name="value" problems={save.problems}>
            <input name="ruleValue" inputMode="numeric" value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} />
          </Field>
          <Field label={t('validFrom')} name="validFrom" problems={save.problems}>
            <DateInput name="ruleFrom" value={form.validFrom} onChange={(d) => setForm({ ...form, validFrom: d })} />
          </Field>
          <Field label={t('ruleLegalBasis')} name="legalBasis" problems={save.problems}>
            <input name="ruleBasis" value={form.legalBasis} onChange={(e) => setForm({ ...form, legalBasis: e.target.value })} />
          </Field>
          <Field label={t('note')} name="note" problems={save.problems}>
            <input name="ruleNote" value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
          </Field>
          <button type="submit" className="primary" disabled={save.busy}>
            {t('replaceRule')}
          </button>
          <ErrorNotice error={save.error} />
        </form>
      )}
    </section>
  );
}
