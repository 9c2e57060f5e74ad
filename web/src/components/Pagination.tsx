import { useI18n } from '../i18n/I18nProvider';

export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (p: number) => void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="pagination">
      <button disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('prev')}
      </button>
      <span>{t('page', { page, pages })}</span>
      <button disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('next')} ›
      </button>
    </div>
  );
}
