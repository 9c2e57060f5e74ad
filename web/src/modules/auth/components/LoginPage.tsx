import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../api/client';
import { useAuth } from '../AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';

export function LoginPage() {
  const { login } = useAuth();
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await login(username, password);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login">
      <form onSubmit={(e) => void submit(e)} className="card">
        <div className="lang small">
          <button type="button" className={lang === 'id' ? 'on' : ''} onClick={() => setLang('id')}>
            ID
          </button>
          <button type="button" className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')}>
            EN
          </button>
        </div>
        <h1>
          <span className="logo">◇</span> {t('loginTitle')}
        </h1>
        <p className="muted">{t('tagline')}</p>
        <ErrorNotice error={error} />
        <label className="field">
          <span>{t('username')}</span>
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
        </label>
        <label className="field">
          <span>{t('password')}</span>
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        <button className="primary" disabled={busy}>
          {busy ? t('loading') : t('login')}
        </button>
        <p className="note">
          <a href="/publik">{t('publicLink')}</a>
        </p>
      </form>
    </div>
  );
}
