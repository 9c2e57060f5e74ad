import { useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import type { Role, User } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { RegionPicker } from '../../regions/components/RegionPicker';
import { useAction } from '../../../hooks/useAction';

const ROLES: Role[] = ['super_admin', 'province_admin', 'regency_operator', 'village_operator', 'bpjs_officer', 'dbhcht_secretariat', 'auditor'];

export function UsersPage() {
  const { t, label } = useI18n();
  const { me } = useAuth();
  const { data, error, reload } = useApi<{ items: User[] }>('/users');
  const [form, setForm] = useState({ username: '', fullName: '', password: '', role: '', regionCode: '', email: '' });
  const create = useAction();
  const { problems, error: formError } = create;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return create.run(
      () => api('/users', { method: 'POST', body: { ...form, regionCode: form.regionCode || null, email: form.email || null } }),
      () => {
        setForm({ username: '', fullName: '', password: '', role: '', regionCode: '', email: '' });
        reload();
      },
    );
  };
  const roleName = (r: Role) => label('role', r);
  // One account at a time is edited in place: its name and role, or a new password to hand over.
  const [editing, setEditing] = useState<{ id: number; fullName: string; role: Role; email: string; password: string } | null>(null);
  const row = useAction();
  const change = (id: number, body: object, path = '', message = t('saved')) =>
    row.run(
      () => api(`/users/${id}${path}`, { method: path ? 'POST' : 'PATCH', body }),
      () => {
        setEditing(null);
        reload();
        return message;
      },
    );
  return (
    <section>
      <h1>{t('usersTitle')}</h1>
      <ErrorNotice error={error} />
      <ErrorNotice error={row.error} />
      {row.notice && <p className="notice ok">{row.notice}</p>}
      {data && (
        <div className="table-scroll">
          <table className="grid" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('username')}</th>
                <th>{t('fullName')}</th>
                <th>{t('role')}</th>
                <th>{t('region')}</th>
                <th>{t('status')}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((u) =>
                editing?.id === u.id ? (
                  <tr key={u.id} className="editing">
                    <td className="mono">{u.username}</td>
                    <td>
                      <input name="editFullName" value={editing.fullName} onChange={(e) => setEditing({ ...editing, fullName: e.target.value })} />
                      <input
                        name="editEmail"
                        type="email"
                        placeholder={t('email')}
                        value={editing.email}
                        onChange={(e) => setEditing({ ...editing, email: e.target.value })}
                      />
                    </td>
                    <td>
                      <select name="editRole" value={editing.role} onChange={(e) => setEditing({ ...editing, role: e.target.value as Role })}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {roleName(r)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="mono">{u.regionCode ?? t('national')}</td>
                    <td>
                      <input
                        name="newPassword"
                        type="password"
                        autoComplete="new-password"
                        placeholder={t('newPassword')}
                        value={editing.password}
                        onChange={(e) => setEditing({ ...editing, password: e.target.value })}
                      />
                    </td>
                    <td className="actions">
                      <button onClick={() => void change(u.id, { fullName: editing.fullName, role: editing.role, email: editing.email || null })}>
                        {t('save')}
                      </button>
                      <button
                        disabled={editing.password.length === 0}
                        onClick={() => void change(u.id, { password: editing.password }, '/password', t('passwordReset', { user: u.username }))}
                      >
                        {t('resetPassword')}
                      </button>
                      <button className="secondary" onClick={() => setEditing(null)}>
                        {t('cancel')}
                      </button>
                    </td>
                  </tr>
                ) : (
                  <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                    <td className="mono">{u.username}</td>
                    <td>
                      {u.fullName}
                      {u.email && <div className="muted">{u.email}</div>}
                    </td>
                    <td>{roleName(u.role)}</td>
                    <td className="mono">{u.regionCode ?? t('national')}</td>
                    <td>{u.active ? t('accountActive') : t('accountInactive')}</td>
                    <td className="actions">
                      <button
                        className="secondary"
                        onClick={() => setEditing({ id: u.id, fullName: u.fullName, role: u.role, email: u.email ?? '', password: '' })}
                      >
                        {t('edit')}
                      </button>
                      {u.username !== me?.user.username && (
                        <button className="secondary" data-testid={`toggle-${u.username}`} onClick={() => void change(u.id, { active: !u.active })}>
                          {u.active ? t('deactivate') : t('activate')}
                        </button>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
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
        <Field label={t('emailOptional')} name="email" problems={problems}>
          <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
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
