import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import type { HomeView } from '../api/types';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../modules/auth/AuthProvider';
import { LangSwitch } from '../components/LangSwitch';
import { useI18n } from '../i18n/I18nProvider';

/** Pages for logged-in staff: the menu their role may use, their account, the language. */
export function StaffLayout() {
  const { me, logout, can } = useAuth();
  const { t, fmt, label } = useI18n();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  // The approver's badge: plans submitted by someone else, waiting for them.
  const awaiting = useApi<HomeView>(can('plans.approve') ? '/home' : null).data?.plans?.awaitingMe ?? 0;
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ◇
          </span>{' '}
          {t('appName')}
          <small>{t('tagline')}</small>
        </div>
        <button className="menu-toggle" aria-expanded={open} aria-controls="main-menu" onClick={() => setOpen(!open)} data-testid="menu-toggle">
          ☰ {t('menu')}
        </button>
        <nav id="main-menu" className={open ? 'open' : undefined}>
          <NavLink to="/" end>
            {t('navHome')}
          </NavLink>
          <NavLink to="/workers">{t('navWorkers')}</NavLink>
          <NavLink to="/imports">{t('navImports')}</NavLink>
          {can('workers.read') && <NavLink to="/verification">{t('navVerification')}</NavLink>}
          {can('workers.read') && <NavLink to="/duplicates">{t('navDuplicates')}</NavLink>}
          {can('workers.read') && <NavLink to="/data-quality">{t('navQuality')}</NavLink>}
          {can('funding.read') && <NavLink to="/funding">{t('navFunding')}</NavLink>}
          {can('funding.read') && (
            <NavLink to="/plans">
              {t('navPlans')}
              {awaiting > 0 && (
                <span className="badge" data-testid="plans-badge" title={t('homePlansMine', { n: fmt.number(awaiting) })}>
                  {fmt.number(awaiting)}
                </span>
              )}
            </NavLink>
          )}
          {can('funding.read') && <NavLink to="/what-if">{t('navWhatIf')}</NavLink>}
          {can('funding.read') && <NavLink to="/coverage">{t('navCoverage')}</NavLink>}
          {can('funding.read') && <NavLink to="/enrolment">{t('navEnrolment')}</NavLink>}
          {can('funding.read') && <NavLink to="/billing">{t('navBilling')}</NavLink>}
          {can('funding.read') && <NavLink to="/alerts">{t('navAlerts')}</NavLink>}
          {can('funding.read') && <NavLink to="/acquisition">{t('navAcquisition')}</NavLink>}
          {can('funding.read') && <NavLink to="/reconcile">{t('navReconcile')}</NavLink>}
          {can('funding.read') && <NavLink to="/claims">{t('navClaims')}</NavLink>}
          {can('donors.read') && <NavLink to="/donors">{t('navDonors')}</NavLink>}
          <NavLink to="/regions">{t('navRegions')}</NavLink>
          {can('users.manage') && <NavLink to="/users">{t('navUsers')}</NavLink>}
          {can('jobs.read') && <NavLink to="/jobs">{t('navJobs')}</NavLink>}
          {can('settings.write') && <NavLink to="/settings/letterhead">{t('navLetterhead')}</NavLink>}
        </nav>
        <div className="user">
          <LangSwitch />
          {me && (
            <span className="who" data-testid="who">
              {me.user.username} · {label('role', me.user.role)} · {me.user.regionName ?? t('national')}
            </span>
          )}
          <button className="link" onClick={() => void logout()}>
            {t('logout')}
          </button>
        </div>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
