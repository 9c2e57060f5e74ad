import { Outlet } from 'react-router';
import { LangSwitch } from '../components/LangSwitch';
import { useI18n } from '../i18n/I18nProvider';

/** Pages anyone may open without logging in: the brand, the language, the way to the staff login. */
export function PublicLayout() {
  const { t } = useI18n();
  return (
    <div className="public">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ◇
          </span>{' '}
          {t('appName')}
          <small>{t('tagline')}</small>
        </div>
        <div className="user">
          <LangSwitch />
          <a className="staff" href="/">
            {t('staffLogin')}
          </a>
        </div>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
