import { useEffect, useState, type FormEvent } from 'react';
import { api, uploadFile, type ApiError, type Problem } from '../../../api/client';
import type { LetterheadView } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import '../letterheads.css';

type Form = {
  government: string;
  office: string;
  address: string;
  contact: string;
  place: string;
  name: string;
  position: string;
  rank: string;
  nip: string;
  classification: string;
  unitCode: string;
};

const toForm = (l: LetterheadView): Form => ({
  government: l.government,
  office: l.office,
  address: l.address,
  contact: l.contact,
  place: l.place,
  name: l.signatory.name,
  position: l.signatory.position,
  rank: l.signatory.rank,
  nip: l.signatory.nip,
  classification: l.classification,
  unitCode: l.unitCode,
});

/** The office's letterhead, signatory and document numbering, as official documents print them (issue 12.13). */
export function LetterheadPage() {
  const { t, fmt } = useI18n();
  const { data, error, reload } = useApi<LetterheadView>('/letterhead');
  const [form, setForm] = useState<Form | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [logoTick, setLogoTick] = useState(0);
  useEffect(() => {
    if (data) setForm(toForm(data));
  }, [data]);
  if (error) return <ErrorNotice error={error} />;
  if (!data || !form) return <p>{t('loading')}</p>;
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setSaveError(null);
    setSaved(false);
    try {
      await api('/letterhead', {
        method: 'PUT',
        body: {
          government: form.government,
          office: form.office,
          address: form.address,
          contact: form.contact,
          place: form.place,
          signatory: { name: form.name, position: form.position, rank: form.rank, nip: form.nip },
          classification: form.classification,
          unitCode: form.unitCode,
        },
      });
      setSaved(true);
      reload();
    } catch (err) {
      setSaveError(err as ApiError);
      setProblems((err as ApiError).problems ?? []);
    }
  };
  const logo = async (file: File | undefined) => {
    if (!file) return;
    setSaveError(null);
    try {
      await uploadFile('/letterhead/logo', file, () => undefined);
      setLogoTick(logoTick + 1);
      reload();
    } catch (err) {
      setSaveError(err as ApiError);
    }
  };
  const sample = [form.classification, '12', form.unitCode, '2026'].filter(Boolean).join('/');
  return (
    <section>
      <h1>{t('letterheadTitle')}</h1>
      <p className="note">{t('letterheadLead')}</p>
      {!data.configured && <p className="notice warn">{t('letterheadDefault')}</p>}
      {data.updatedAt && <p className="note">{t('letterheadUpdated', { by: data.updatedBy ?? '', at: fmt.dateTime(data.updatedAt) })}</p>}
      <div className="kop-preview" data-testid="kop-preview">
        {data.hasLogo && <img src={`/api/v1/letterhead/logo?t=${logoTick}`} alt="" />}
        <div>
          <strong>{form.government.toUpperCase()}</strong>
          <strong className="office">{form.office.toUpperCase()}</strong>
          <small>{form.address}</small>
          <small>{form.contact}</small>
        </div>
      </div>
      <form className="form-grid" onSubmit={(e) => void save(e)}>
        <Field label={t('lhGovernment')} name="government" problems={problems}>
          <input name="government" value={form.government} onChange={set('government')} />
        </Field>
        <Field label={t('lhOffice')} name="office" problems={problems}>
          <input name="office" value={form.office} onChange={set('office')} />
        </Field>
        <Field label={t('lhAddress')} name="address" problems={problems}>
          <input name="address" value={form.address} onChange={set('address')} />
        </Field>
        <Field label={t('lhContact')} name="contact" problems={problems}>
          <input name="contact" value={form.contact} onChange={set('contact')} />
        </Field>
        <Field label={t('lhPlace')} name="place" problems={problems}>
          <input name="place" value={form.place} onChange={set('place')} />
        </Field>
        <Field label={t('lhSignatoryName')} name="signatory.name" problems={problems}>
          <input name="signatoryName" value={form.name} onChange={set('name')} />
        </Field>
        <Field label={t('lhSignatoryPosition')} name="signatory.position" problems={problems}>
          <input name="signatoryPosition" value={form.position} onChange={set('position')} />
        </Field>
        <Field label={t('lhSignatoryRank')} name="signatory.rank" problems={problems}>
          <input name="signatoryRank" value={form.rank} onChange={set('rank')} />
        </Field>
        <Field label="NIP" name="signatory.nip" problems={problems}>
          <input name="signatoryNip" inputMode="numeric" maxLength={21} value={form.nip} onChange={set('nip')} />
        </Field>
        <Field label={t('lhClassification')} name="classification" problems={problems}>
          <input name="classification" value={form.classification} onChange={set('classification')} />
        </Field>
        <Field label={t('lhUnitCode')} name="unitCode" problems={problems}>
          <input name="unitCode" value={form.unitCode} onChange={set('unitCode')} />
        </Field>
        <p className="note">{t('lhNumberSample', { sample })}</p>
        <button className="primary" type="submit" data-testid="save-letterhead">
          {t('save')}
        </button>
      </form>
      <ErrorNotice error={saveError} />
      {saved && <p className="notice ok">{t('letterheadSaved')}</p>}
      {data.configured && (
        <label className="field">
          <span>{t('lhLogo')}</span>
          <input type="file" name="logo" accept=".png,.jpg,.jpeg" onChange={(e) => void logo(e.target.files?.[0])} />
        </label>
      )}
    </section>
  );
}
