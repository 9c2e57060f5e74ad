import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, id, type MessageKey } from './messages';
import { formatter, type Formatter } from '../format';

export type { Lang } from '../format';
import type { Lang } from '../format';
const TABLES = { id, en } as const;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /**
   * The label of a server enum value — `label('st', 'active')` reads the key "st_active" — or the value
   * itself when no label exists, so a new server value shows as itself instead of breaking the page.
   */
  label: (prefix: string | null, value: string) => string;
  /** Picks the side of a bilingual server message. */
  pick: (m: { id: string; en: string }) => string;
  formatNumber: (n: number) => string;
  /** A percentage as the language writes it: "34,27 %" (id), "34.27 %" (en); two decimals. */
  formatPercent: (n: number) => string;
  /** Every other number, money, date, month and moment of the language (web/src/format.ts). */
  fmt: Formatter;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('jaring.lang') === 'en' ? 'en' : 'id'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('jaring.lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const fmt = formatter(lang);
    return {
      lang,
      setLang,
      t: (key, vars) => {
        let s = TABLES[lang][key];
        for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, typeof v === 'number' ? fmt.number(v) : v);
        return s;
      },
      label: (prefix, value) => {
        const key = prefix ? `${prefix}_${value}` : value;
        return key in TABLES[lang] ? TABLES[lang][key as MessageKey] : value;
      },
      pick: (m) => (lang === 'id' ? m.id : m.en),
      formatNumber: fmt.number,
      formatPercent: fmt.percent,
      fmt,
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
