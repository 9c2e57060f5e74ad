import { useI18n } from '../i18n/I18nProvider';

/** ID | EN, shown in the staff header and on the public page. */
export function LangSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <span className="lang" role="group" aria-label={t('language')}>
      <button className={lang === 'id' ? 'on' : ''} onClick={() => setLang('id')}>
        ID
      </button>
      <button className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')}>
        EN
      </button>
    </span>
  );
}
