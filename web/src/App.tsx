import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useAuth } from './hooks/AuthProvider';
import { useI18n } from './i18n/I18nProvider';
import { Layout } from './components/Layout';
import { LoginPage } from './pages/LoginPage';

const WorkersPage = lazy(() => import('./pages/WorkersPage').then((m) => ({ default: m.WorkersPage })));
const WorkerDetailPage = lazy(() => import('./pages/WorkerDetailPage').then((m) => ({ default: m.WorkerDetailPage })));
const WorkerFormPage = lazy(() => import('./pages/WorkerFormPage').then((m) => ({ default: m.WorkerFormPage })));
const RegionsPage = lazy(() => import('./pages/RegionsPage').then((m) => ({ default: m.RegionsPage })));
const ImportsPage = lazy(() => import('./pages/ImportsPage').then((m) => ({ default: m.ImportsPage })));
const ImportDetailPage = lazy(() => import('./pages/ImportDetailPage').then((m) => ({ default: m.ImportDetailPage })));
const FundingPage = lazy(() => import('./pages/FundingPage').then((m) => ({ default: m.FundingPage })));
const PlansPage = lazy(() => import('./pages/PlansPage').then((m) => ({ default: m.PlansPage })));
const PlanDetailPage = lazy(() => import('./pages/PlanDetailPage').then((m) => ({ default: m.PlanDetailPage })));
const WhatIfPage = lazy(() => import('./pages/WhatIfPage').then((m) => ({ default: m.WhatIfPage })));
const EnrolmentPage = lazy(() => import('./pages/EnrolmentPage').then((m) => ({ default: m.EnrolmentPage })));
const ParticipantsPage = lazy(() => import('./pages/ParticipantsPage').then((m) => ({ default: m.ParticipantsPage })));
const ParticipantPage = lazy(() => import('./pages/ParticipantPage').then((m) => ({ default: m.ParticipantPage })));
const BillingPage = lazy(() => import('./pages/BillingPage').then((m) => ({ default: m.BillingPage })));
const InvoicePage = lazy(() => import('./pages/InvoicePage').then((m) => ({ default: m.InvoicePage })));
const ReconcilePage = lazy(() => import('./pages/ReconcilePage').then((m) => ({ default: m.ReconcilePage })));
const AlertsPage = lazy(() => import('./pages/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const CoveragePage = lazy(() => import('./pages/CoveragePage').then((m) => ({ default: m.CoveragePage })));
const PublicPage = lazy(() => import('./pages/PublicPage').then((m) => ({ default: m.PublicPage })));
const JobsPage = lazy(() => import('./pages/JobsPage').then((m) => ({ default: m.JobsPage })));
const HomePage = lazy(() => import('./modules/home/HomePage').then((m) => ({ default: m.HomePage })));
const LetterheadPage = lazy(() => import('./modules/letterheads/LetterheadPage').then((m) => ({ default: m.LetterheadPage })));
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })));

export function App() {
  const { me, ready } = useAuth();
  const { t } = useI18n();
  // The public page needs no login: coverage aggregates and a worker's own status check.
  if (window.location.pathname.startsWith('/publik'))
    return (
      <BrowserRouter>
        <Suspense fallback={<p className="boot">{t('loading')}</p>}>
          <PublicPage />
        </Suspense>
      </BrowserRouter>
    );
  if (!ready) return <p className="boot">{t('loading')}</p>;
  if (!me) return <LoginPage />;
  return (
    <BrowserRouter>
      <Suspense fallback={<p className="boot">{t('loading')}</p>}>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="workers" element={<WorkersPage />} />
            <Route path="workers/new" element={<WorkerFormPage />} />
            <Route path="workers/:id" element={<WorkerDetailPage />} />
            <Route path="workers/:id/edit" element={<WorkerFormPage />} />
            <Route path="regions" element={<RegionsPage />} />
            <Route path="regions/:code" element={<RegionsPage />} />
            <Route path="imports" element={<ImportsPage />} />
            <Route path="imports/:id" element={<ImportDetailPage />} />
            <Route path="funding" element={<FundingPage />} />
            <Route path="plans" element={<PlansPage />} />
            <Route path="plans/:id" element={<PlanDetailPage />} />
            <Route path="what-if" element={<WhatIfPage />} />
            <Route path="enrolment" element={<EnrolmentPage />} />
            <Route path="participants" element={<ParticipantsPage />} />
            <Route path="participants/:id" element={<ParticipantPage />} />
            <Route path="billing" element={<BillingPage />} />
            <Route path="billing/:id" element={<InvoicePage />} />
            <Route path="reconcile" element={<ReconcilePage />} />
            <Route path="alerts" element={<AlertsPage />} />
            <Route path="coverage" element={<CoveragePage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="jobs" element={<JobsPage />} />
            <Route path="settings/letterhead" element={<LetterheadPage />} />
            <Route path="*" element={<p>{t('notFound')}</p>} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
