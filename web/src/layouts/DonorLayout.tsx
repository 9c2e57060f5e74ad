import { Link, Outlet } from 'react-router';
import { LangSwitch } from '../components/LangSwitch';
import { useAuth } from '../modules/auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';

/** The donor space: the brand, the language, the donor's account; no staff menu. */
export function DonorLayout() {
  const { t } = useI18n();
  const { me, logout } = useAuth();
  const donor = me?.user.role === 'donor' ? me : null;
  return (
    <div className="public donor-space">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ◇
          </span>{' '}
          <Link to="/donor">{t('appName')}</Link>
          <small>{t('donorSpace')}</small>
        </div>
        <div className="user">
          <LangSwitch />
          {donor ? (
            <>
              <span className="who" data-testid="who">
                {donor.user.username}
              </span>
              <button className="link" onClick={() => void logout()}>
                {t('logout')}
              </button>
            </>
          ) : (
            <a className="staff" href="/publik">
              {t('publicLink')}
            </a>
          )}
        </div>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
