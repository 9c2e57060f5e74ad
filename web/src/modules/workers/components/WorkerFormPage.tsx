import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ApiError } from '../../../api/client';
import { api, type Problem } from '../../../api/client';
import type { Worker } from '../../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import { Field } from '../../../components/Field';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { RegionPicker } from '../../regions/components/RegionPicker';
import { DateInput } from '../../../components/DateInput';

interface Form {
  nik: string;
  fullName: string;
  birthDate: string;
  sex: string;
  address: string;
  villageCode: string;
  sectorCode: string;
  occupation: string;
  welfareDecile: string;
  monthlyIncome: string;
  phone: string;
  isWageEarner: boolean;
}

const EMPTY: Form = {
  nik: '',
  fullName: '',
  birthDate: '',
  sex: '',
  address: '',
  villageCode: '',
  sectorCode: '',
  occupation: '',
  welfareDecile: '',
  monthlyIncome: '',
  phone: '',
  isWageEarner: false,
};

const fromWorker = (w: Worker): Form => ({
  nik: w.nik,
  fullName: w.fullName,
  birthDate: w.birthDate,
  sex: w.sex,
  address: w.address,
  villageCode: w.villageCode,
  sectorCode: w.sectorCode,
  occupation: w.occupation,
  welfareDecile: w.welfareDecile === null ? '' : String(w.welfareDecile),
  monthlyIncome: w.monthlyIncome === null ? '' : String(w.monthlyIncome),
  phone: w.phone ?? '',
  isWageEarner: w.isWageEarner,
});

const toRupiah = (s: string): number | string => {
  const n = Number(s.replace(/[.\s]/g, ''));
  return Number.isSafeInteger(n) ? n : s;
};

/** Create and edit. The server validates; its problems are shown next to the fields they name. */
export function WorkerFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const navigate = useNavigate();
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const { sectors } = useSectors();
  const [form, setForm] = useState<Form>(EMPTY);
  const [version, setVersion] = useState(0);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // Editing: the fields appear once the worker has loaded, so nothing typed before is overwritten by it.
  const [loaded, setLoaded] = useState(!editing);
  useEffect(() => {
    if (!editing) return;
    api<Worker>(`/workers/${id}`)
      .then((w) => {
        setForm(fromWorker(w));
        setVersion(w.version);
        setLoaded(true);
      })
      .catch((e: unknown) => setError(e as ApiError));
  }, [editing, id]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    setError(null);
    const body = {
      ...form,
      welfareDecile: form.welfareDecile === '' ? null : Number(form.welfareDecile),
      // "1.500.000" is how people write Rupiah; anything else goes as typed and the server names the problem.
      monthlyIncome: form.monthlyIncome === '' ? null : toRupiah(form.monthlyIncome),
      phone: form.phone || null,
    };
    try {
      const saved = editing
        ? await api<Worker>(`/workers/${id}`, { method: 'PUT', body: { ...body, version } })
        : await api<Worker>('/workers', { method: 'POST', body });
      void navigate(`/workers/${saved.id}`);
    } catch (err) {
      const apiErr = err as ApiError;
      setProblems(apiErr.problems ?? []);
      setError(apiErr);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <p>
        <Link to={editing ? `/workers/${id}` : '/workers'}>‹ {t('back')}</Link>
      </p>
      <h1>{editing ? t('editWorker') : t('newWorker')}</h1>
      <ErrorNotice error={error} />
      {problems.length > 0 && <p className="muted">{t('formHasErrors')}</p>}
      {!loaded && !error && <p>{t('loading')}</p>}
      <form className="form" hidden={!loaded} onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('nik')} name="nik" problems={problems}>
          <input name="nik" inputMode="numeric" value={form.nik} onChange={(e) => set('nik', e.target.value)} maxLength={20} />
        </Field>
        <Field label={t('fullName')} name="fullName" problems={problems}>
          <input name="fullName" value={form.fullName} onChange={(e) => set('fullName', e.target.value)} />
        </Field>
        <Field label={t('birthDate')} name="birthDate" problems={problems}>
          <DateInput name="birthDate" value={form.birthDate} onChange={(d) => set('birthDate', d)} />
        </Field>
        <Field label={t('sex')} name="sex" problems={problems}>
          <select name="sex" value={form.sex} onChange={(e) => set('sex', e.target.value)}>
            <option value="">{t('choose')}</option>
            <option value="L">{t('sexL')}</option>
            <option value="P">{t('sexP')}</option>
          </select>
        </Field>
        <Field label={t('address')} name="address" problems={problems}>
          <input name="address" value={form.address} onChange={(e) => set('address', e.target.value)} />
        </Field>
        <Field label={t('village')} name="villageCode" problems={problems}>
          <RegionPicker value={form.villageCode} level="village" within={me?.user.regionCode} onChange={(c) => set('villageCode', c)} />
        </Field>
        <Field label={t('sector')} name="sectorCode" problems={problems}>
          <select name="sectorCode" value={form.sectorCode} onChange={(e) => set('sectorCode', e.target.value)}>
            <option value="">{t('choose')}</option>
            {sectors.map((s) => (
              <option key={s.code} value={s.code}>
                {lang === 'id' ? s.nameId : s.nameEn}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('occupation')} name="occupation" problems={problems}>
          <input name="occupation" value={form.occupation} onChange={(e) => set('occupation', e.target.value)} />
        </Field>
        <Field label={t('decile')} name="welfareDecile" problems={problems}>
          <select name="welfareDecile" value={form.welfareDecile} onChange={(e) => set('welfareDecile', e.target.value)}>
            <option value="">{t('none')}</option>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('income')} name="monthlyIncome" problems={problems}>
          <input name="monthlyIncome" inputMode="numeric" value={form.monthlyIncome} onChange={(e) => set('monthlyIncome', e.target.value)} />
        </Field>
        <Field label={t('phone')} name="phone" problems={problems}>
          <input name="phone" inputMode="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} />
        </Field>
        <label className="field check">
          <input name="isWageEarner" type="checkbox" checked={form.isWageEarner} onChange={(e) => set('isWageEarner', e.target.checked)} />
          <span>{t('wageEarner')}</span>
        </label>
        <div className="actions">
          <button className="primary" disabled={busy} type="submit">
            {busy ? t('saving') : t('save')}
          </button>
          <Link className="button" to={editing ? `/workers/${id}` : '/workers'}>
            {t('cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
