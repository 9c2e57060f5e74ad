import { useEffect, useState } from 'react';
import { api, queryString } from '../../../api/client';
import type { RegionHit, RegionLevel } from '../../../api/types';
import { useI18n } from '../../../i18n/I18nProvider';

/** Type-ahead over Kemendagri region names; shows the full path so two villages of one name differ. */
export function RegionPicker({
  value,
  onChange,
  level,
  within,
  id,
}: {
  value: string;
  onChange: (code: string) => void;
  level?: RegionLevel;
  within?: string | null;
  id?: string;
}) {
  const { t, label: enumLabel } = useI18n();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<RegionHit[]>([]);
  const [label, setLabel] = useState('');
  useEffect(() => {
    if (!value) return setLabel('');
    api<{ name: string; ancestors: { name: string }[] }>(`/regions/${value}`)
      .then((r) => setLabel([...r.ancestors.map((a) => a.name), r.name].join(' › ')))
      .catch(() => setLabel(value));
  }, [value]);
  useEffect(() => {
    if (text.trim().length < 2) return setHits([]);
    const timer = setTimeout(() => {
      api<{ items: RegionHit[] }>(`/regions/search${queryString({ q: text.trim(), level, within: within ?? undefined, limit: 12 })}`)
        .then((r) => setHits(r.items))
        .catch(() => setHits([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [text, level, within]);
  return (
    <div className="region-picker">
      {value && (
        <div className="chosen">
          <code>{value}</code> {label}
          <button type="button" className="link" onClick={() => onChange('')} aria-label="clear">
            ✕
          </button>
        </div>
      )}
      <input id={id} value={text} placeholder={t('regionPickerHint')} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      {hits.length > 0 && (
        <ul className="hits" role="listbox">
          {hits.map((h) => (
            <li key={h.code}>
              <button
                type="button"
                onClick={() => {
                  onChange(h.code);
                  setText('');
                  setHits([]);
                }}
              >
                <strong>{h.name}</strong>{' '}
                <small>
                  {enumLabel('level', h.level)} · {h.path} · {h.code}
                </small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
