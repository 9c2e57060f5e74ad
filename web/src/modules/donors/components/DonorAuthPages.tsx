import '../donors.css';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, queryString } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';

/** A donor signs in with their e-mail address and password (the staff login's throttling applies). */
export function DonorLogin() {
  const { t } = useI18n();
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const act = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act.run(() => login(email.trim().toLowerCase(), password));
  };
  return (
    <div className="donor-entry">
      <section className="card donor-intro">
        <h1>{t('donorSpace')}</h1>
        <p>{t('donorLead')}</p>
        <Link className="button primary" to="/donor/daftar" data-testid="signup-link">
          {t('becomeDonor')}
        </Link>
      </section>
      <form className="card" onSubmit={submit} data-testid="donor-login">
        <h2>{t('donorLogin')}</h2>
        <ErrorNotice error={act.error} />
        <label className="field">
          <span>{t('email')}</span>
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required />
        </label>
        <label className="field">
          <span>{t('password')}</span>
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        <button className="primary" disabled={act.busy}>
          {act.busy ? t('loading') : t('login')}
        </button>
        <p className="note">
          <Link to="/donor/reset">{t('forgotPassword')}</Link>
        </p>
      </form>
    </div>
  );
}

/** Public sign-up: the account opens when the link sent by e-mail is used. */
export function SignUpPage() {
  const { t } = useI18n();
  const [form, setForm] = useState({ kind: 'citizen', name: '', email: '', password: '', nip: '', npwp: '', contactName: '', phone: '', regencyCode: '' });
  const [regencyText, setRegencyText] = useState('');
  const [hits, setHits] = useState<{ code: string; name: string; path: string }[]>([]);
  const [sent, setSent] = useState('');
  const act = useAction();
  const set = (k: keyof typeof form, v: string) => setForm({ ...form, [k]: v });
  useEffect(() => {
    if (regencyText.trim().length < 2 || form.regencyCode) return setHits([]);
    const timer = setTimeout(() => {
      api<{ items: { code: string; name: string; path: string }[] }>(`/public/regencies${queryString({ q: regencyText.trim() })}`)
        .then((r) => setHits(r.items))
        .catch(() => setHits([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [regencyText, form.regencyCode]);
  if (sent)
    return (
      <section className="card" data-testid="signup-sent">
        <h1>{t('signUpTitle')}</h1>
        <p>{t('signUpSent', { email: sent })}</p>
      </section>
    );
  return (
    <form
      className="card-wide form-grid"
      data-testid="signup"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(
          () =>
            api('/public/donors/signup', {
              method: 'POST',
              body: { ...form, nip: form.nip || null, npwp: form.npwp || null, contactName: form.contactName || null, phone: form.phone || null },
            }),
          () => setSent(form.email.trim().toLowerCase()),
        );
      }}
    >
      <h1>{t('signUpTitle')}</h1>
      <ErrorNotice error={act.error} />
      <Field label={t('donorKind')} name="kind" problems={act.problems}>
        <select name="kind" value={form.kind} onChange={(e) => set('kind', e.target.value)}>
          {(['citizen', 'civil_servant', 'company'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`donorKind_${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('donorName')} name="name" problems={act.problems}>
        <input name="name" value={form.name} onChange={(e) => set('name', e.target.value)} required />
      </Field>
      {form.kind === 'civil_servant' && (
        <Field label={t('nip')} name="nip" problems={act.problems}>
          <input name="nip" inputMode="numeric" value={form.nip} onChange={(e) => set('nip', e.target.value)} />
        </Field>
      )}
      {form.kind === 'company' && (
        <>
          <Field label={t('npwp')} name="npwp" problems={act.problems}>
            <input name="npwp" inputMode="numeric" value={form.npwp} onChange={(e) => set('npwp', e.target.value)} />
          </Field>
          <Field label={t('contactName')} name="contactName" problems={act.problems}>
            <input name="contactName" value={form.contactName} onChange={(e) => set('contactName', e.target.value)} />
          </Field>
        </>
      )}
      <Field label={t('email')} name="email" problems={act.problems}>
        <input name="email" type="email" value={form.email} onChange={(e) => set('email', e.target.value)} autoComplete="email" required />
      </Field>
      <Field label={t('phone')} name="phone" problems={act.problems}>
        <input name="phone" inputMode="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} />
      </Field>
      <Field label={t('regency')} name="regencyCode" problems={act.problems}>
        <div className="region-picker">
          {form.regencyCode && (
            <div className="chosen">
              <code>{form.regencyCode}</code> {regencyText}
              <button type="button" className="link" onClick={() => set('regencyCode', '')} aria-label="clear">
                ✕
              </button>
            </div>
          )}
          {!form.regencyCode && (
            <input name="regency" value={regencyText} placeholder={t('regionPickerHint')} onChange={(e) => setRegencyText(e.target.value)} autoComplete="off" />
          )}
          {hits.length > 0 && (
            <ul className="hits" role="listbox">
              {hits.map((h) => (
                <li key={h.code}>
                  <button
                    type="button"
                    onClick={() => {
                      setForm({ ...form, regencyCode: h.code });
                      setRegencyText(`${h.name} (${h.path})`);
                      setHits([]);
                    }}
                  >
                    <strong>{h.name}</strong> <small>{h.path}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </Field>
      <Field label={t('password')} name="password" problems={act.problems}>
        <input name="password" type="password" value={form.password} onChange={(e) => set('password', e.target.value)} autoComplete="new-password" required />
        <small className="muted">{t('passwordRule')}</small>
      </Field>
      <button className="primary" disabled={act.busy}>
        {act.busy ? t('saving') : t('signUp')}
      </button>
    </form>
  );
}

/** The link from the verification e-mail. */
export function VerifyPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const act = useAction();
  const [email, setEmail] = useState('');
  const token = params.get('token') ?? '';
  useEffect(() => {
    void act.run(
      () => api<{ email: string }>('/public/donors/verify', { method: 'POST', body: { token } }),
      (r) => setEmail(r.email),
    );
  }, [token]);
  return (
    <section className="card" data-testid="verify">
      <ErrorNotice error={act.error} />
      {email ? <p>{t('verified', { email })}</p> : !act.error && <p>{t('verifying')}</p>}
      <Link to="/donor">{t('toLogin')}</Link>
    </section>
  );
}

/** Ask for a reset link, or (with the link's token) choose a new password. */
export function ResetPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [value, setValue] = useState('');
  const [done, setDone] = useState('');
  const act = useAction();
  return (
    <form
      className="card"
      data-testid="reset"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(
          () =>
            token
              ? api('/public/donors/reset', { method: 'POST', body: { token, password: value } })
              : api('/public/donors/reset-request', { method: 'POST', body: { email: value } }),
          () => setDone(token ? t('resetDone') : t('resetSent')),
        );
      }}
    >
      <h1>{t('resetTitle')}</h1>
      <ErrorNotice error={act.error} />
      {done ? (
        <p role="status">{done}</p>
      ) : (
        <>
          <Field label={token ? t('newPassword') : t('email')} name={token ? 'password' : 'email'} problems={act.problems}>
            <input name="value" type={token ? 'password' : 'email'} value={value} onChange={(e) => setValue(e.target.value)} required />
          </Field>
          {token && <small className="muted">{t('passwordRule')}</small>}
          <button className="primary" disabled={act.busy}>
            {token ? t('save') : t('resetAsk')}
          </button>
        </>
      )}
      <p className="note">
        <Link to="/donor">{t('toLogin')}</Link>
      </p>
    </form>
  );
}
