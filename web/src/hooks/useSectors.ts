import { useI18n } from '../i18n/I18nProvider';
import type { Sector } from '../api/types';
import { useApi } from './useApi';

export function useSectors(): { sectors: Sector[]; sectorName: (code: string) => string } {
  const { lang } = useI18n();
  const { data } = useApi<{ items: Sector[] }>('/sectors');
  const sectors = data?.items ?? [];
  const sectorName = (code: string) => {
    const s = sectors.find((x) => x.code === code);
    return s ? (lang === 'id' ? s.nameId : s.nameEn) : code;
  };
  return { sectors, sectorName };
}
