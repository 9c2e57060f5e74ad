import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** Previous, next, and a jump straight to page N. */
export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (p: number) => void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const [jump, setJump] = useState('');
  return (
    <div className="pagination">
      <button disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('prev')}
      </button>
      <span>{t('page', { page, pages })}</span>
      <button disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('next')} ›
      </button>
      {pages > 2 && (
        <form
          className="jump"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Math.min(pages, Math.max(1, Number(jump) || 1));
            setJump('');
            onPage(n);
          }}
        >
          <label>
            {t('jumpToPage')} <input name="jump" inputMode="numeric" size={4} value={jump} onChange={(e) => setJump(e.target.value.replace(/\D/g, ''))} />
          </label>
        </form>
      )}
    </div>
  );
}
