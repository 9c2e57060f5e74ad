import type { ReactNode } from 'react';
import type { Problem } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';

/** A labelled form field with the server's problems for it shown underneath. */
export function Field({ label, name, problems, children }: { label: string; name: string; problems: Problem[]; children: ReactNode }) {
  const { pick } = useI18n();
  const mine = problems.filter((p) => p.field === name);
  return (
    <label className={`field${mine.length ? ' invalid' : ''}`} data-field={name}>
      <span>{label}</span>
      {children}
      {mine.map((p) => (
        <em key={p.code} className="field-error" role="alert">
          {pick(p)}
        </em>
      ))}
    </label>
  );
}
