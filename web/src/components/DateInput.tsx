import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import './DateInput.css';

/**
 * Date and month fields in the app's language, not the browser's: day, a named month ("Agustus" /
 * "August") and year, so an Indonesian office reads "12 Agustus 2024" whatever the browser's locale.
 * The value is the API's form ("YYYY-MM-DD", "YYYY-MM"); `onChange` fires only with a real date.
 */
const pad = (n: number) => String(n).padStart(2, '0');

function realDay(y: string, m: string, d: string): string | null {
  if (!/^\d{4}$/.test(y) || !/^\d{2}$/.test(m) || !/^\d{1,2}$/.test(d)) return null;
  const iso = `${y}-${m}-${pad(Number(d))}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : null;
}

function MonthSelect({ name, value, onChange }: { name: string; value: string; onChange: (m: string) => void }) {
  const { t, fmt } = useI18n();
  return (
    <select name={name} aria-label={t('monthPart')} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">–</option>
      {fmt.monthNames.map((label, i) => (
        <option key={label} value={pad(i + 1)}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** A short numeric part of a date (day, year): digits only. */
function DigitsField({ name, label, length, value, onChange }: { name: string; label: string; length: number; value: string; onChange: (v: string) => void }) {
  return (
    <input
      name={name}
      aria-label={label}
      inputMode="numeric"
      maxLength={length}
      size={length}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
    />
  );
}

export function DateInput({ name, value, onChange }: { name: string; value: string; onChange: (iso: string) => void }) {
  const { t } = useI18n();
  const split = (v: string) => {
    const [y = '', m = '', d = ''] = v ? v.split('-') : [];
    return { y, m, d: d ? String(Number(d)) : '' };
  };
  const [parts, setParts] = useState(() => split(value));
  useEffect(() => setParts(split(value)), [value]);
  const change = (next: Partial<typeof parts>) => {
    const p = { ...parts, ...next };
    setParts(p);
    const iso = realDay(p.y, p.m, p.d);
    if (iso && iso !== value) onChange(iso);
  };
  const invalid = parts.y.length === 4 && parts.m !== '' && parts.d !== '' && realDay(parts.y, parts.m, parts.d) === null;
  return (
    <span className={`date-input${invalid ? ' invalid' : ''}`} data-testid={`date-${name}`}>
      <DigitsField name={`${name}.day`} label={t('dayPart')} length={2} value={parts.d} onChange={(d) => change({ d })} />
      <MonthSelect name={`${name}.month`} value={parts.m} onChange={(m) => change({ m })} />
      <DigitsField name={`${name}.year`} label={t('yearPart')} length={4} value={parts.y} onChange={(y) => change({ y })} />
    </span>
  );
}

export function MonthInput({ name, value, onChange }: { name: string; value: string; onChange: (month: string) => void }) {
  const { t } = useI18n();
  const [y0 = '', m0 = ''] = value ? value.split('-') : [];
  const [parts, setParts] = useState({ y: y0, m: m0 });
  useEffect(() => {
    const [y = '', m = ''] = value ? value.split('-') : [];
    setParts({ y, m });
  }, [value]);
  const change = (next: Partial<typeof parts>) => {
    const p = { ...parts, ...next };
    setParts(p);
    if (/^\d{4}$/.test(p.y) && /^\d{2}$/.test(p.m) && `${p.y}-${p.m}` !== value) onChange(`${p.y}-${p.m}`);
  };
  return (
    <span className="date-input" data-testid={`month-${name}`}>
      <MonthSelect name={`${name}.month`} value={parts.m} onChange={(m) => change({ m })} />
      <DigitsField name={`${name}.year`} label={t('yearPart')} length={4} value={parts.y} onChange={(y) => change({ y })} />
    </span>
  );
}
