import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { api, type Problem } from '../api/client';
import type { Role, User } from '../api/types';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { RegionPicker } from '../components/RegionPicker';

const ROLES: Role[] = ['super_admin', 'province_admin', 'regency_operator', 'village_operator', 'bpjs_officer', 'auditor'];

export function UsersPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { data, error, reload } = useApi<{ items: User[] }>('/users');
  const [form, setForm] = useState({ username: '', fullName: '', password: '', role: '', regionCode: '' });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setFormError(null);
    try {
      await api('/users', { method: 'POST', body: { ...form, regionCode: form.regionCode || null } });
      setForm({ username: '', fullName: '', password: '', role: '', regionCode: '' });
      reload();
    } catch (err) {
      setFormError(err as ApiError);
      setProblems((err as ApiError).problems ?? []);
    }
  };
  const roleName = (r: Role) => t(`role_${r}` as MessageKey);
  return (
    <section>
      <h1>{t('usersTitle')}</h1>
      <ErrorNotice error={error} />
      {data && (
        <table className="grid">
          <thead>
            <tr>
              <th>{t('username')}</th>
              <th>{t('fullName')}</th>
              <th>{t('role')}</th>
              <th>{t('region')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((u) => (
              <tr key={u.id}>
                <td className="mono">{u.username}</td>
                <td>{u.fullName}</td>
                <td>{roleName(u.role)}</td>
                <td className="mono">{u.regionCode ?? t('national')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('addUser')}</h2>
      <ErrorNotice error={formError} />
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field label={t('username')} name="username" problems={problems}>
          <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </Field>
        <Field label={t('fullName')} name="fullName" problems={problems}>
          <input value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} />
        </Field>
        <Field label={t('password')} name="password" problems={problems}>
          <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </Field>
        <Field label={t('role')} name="role" problems={problems}>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            <option value="">{t('choose')}</option>
            {ROLES.filter((r) => r !== 'super_admin' || me?.user.role === 'super_admin').map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('region')} name="regionCode" problems={problems}>
          <RegionPicker value={form.regionCode} within={me?.user.regionCode} onChange={(c) => setForm({ ...form, regionCode: c })} />
        </Field>
        <div className="actions">
          <button className="primary" type="submit">
            {t('addUser')}
          </button>
        </div>
      </form>
    </section>
  );
}
