import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useAuth } from './modules/auth/AuthProvider';
import { useI18n } from './i18n/I18nProvider';
import { StaffLayout } from './layouts/StaffLayout';
import { PublicLayout } from './layouts/PublicLayout';
import { DonorLayout } from './layouts/DonorLayout';
import { LoginPage } from './modules/auth/components/LoginPage';

const WorkersPage = lazy(() => import('./modules/workers/components/WorkersPage').then((m) => ({ default: m.WorkersPage })));
const WorkerDetailPage = lazy(() => import('./modules/workers/components/WorkerDetailPage').then((m) => ({ default: m.WorkerDetailPage })));
const WorkerFormPage = lazy(() => import('./modules/workers/components/WorkerFormPage').then((m) => ({ default: m.WorkerFormPage })));
const RegionsPage = lazy(() => import('./modules/regions/components/RegionsPage').then((m) => ({ default: m.RegionsPage })));
const ImportsPage = lazy(() => import('./modules/imports/components/ImportsPage').then((m) => ({ default: m.ImportsPage })));
const ImportDetailPage = lazy(() => import('./modules/imports/components/ImportDetailPage').then((m) => ({ default: m.ImportDetailPage })));
const FundingPage = lazy(() => import('./modules/funding/components/FundingPage').then((m) => ({ default: m.FundingPage })));
const PlansPage = lazy(() => import('./modules/plans/components/PlansPage').then((m) => ({ default: m.PlansPage })));
const PlanDetailPage = lazy(() => import('./modules/plans/components/PlanDetailPage').then((m) => ({ default: m.PlanDetailPage })));
const WhatIfPage = lazy(() => import('./modules/plans/components/WhatIfPage').then((m) => ({ default: m.WhatIfPage })));
const EnrolmentPage = lazy(() => import('./modules/enrolment/components/EnrolmentPage').then((m) => ({ default: m.EnrolmentPage })));
const ParticipantsPage = lazy(() => import('./modules/enrolment/components/ParticipantsPage').then((m) => ({ default: m.ParticipantsPage })));
const ParticipantPage = lazy(() => import('./modules/enrolment/components/ParticipantPage').then((m) => ({ default: m.ParticipantPage })));
const BillingPage = lazy(() => import('./modules/billing/components/BillingPage').then((m) => ({ default: m.BillingPage })));
const InvoicePage = lazy(() => import('./modules/billing/components/InvoicePage').then((m) => ({ default: m.InvoicePage })));
const ReconcilePage = lazy(() => import('./modules/billing/components/ReconcilePage').then((m) => ({ default: m.ReconcilePage })));
const AcquisitionPage = lazy(() => import('./modules/billing/components/AcquisitionPage').then((m) => ({ default: m.AcquisitionPage })));
const VerificationPage = lazy(() => import('./modules/verification/components/VerificationPage').then((m) => ({ default: m.VerificationPage })));
const RoundPage = lazy(() => import('./modules/verification/components/RoundPage').then((m) => ({ default: m.RoundPage })));
const DuplicatesPage = lazy(() => import('./modules/workers/components/DuplicatesPage').then((m) => ({ default: m.DuplicatesPage })));
const QualityPage = lazy(() => import('./modules/workers/components/QualityPage').then((m) => ({ default: m.QualityPage })));
const AlertsPage = lazy(() => import('./modules/billing/components/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const CoveragePage = lazy(() => import('./modules/coverage/components/CoveragePage').then((m) => ({ default: m.CoveragePage })));
const PublicPage = lazy(() => import('./modules/coverage/components/PublicPage').then((m) => ({ default: m.PublicPage })));
const JobsPage = lazy(() => import('./modules/jobs/components/JobsPage').then((m) => ({ default: m.JobsPage })));
const HomePage = lazy(() => import('./modules/home/components/HomePage').then((m) => ({ default: m.HomePage })));
const LetterheadPage = lazy(() => import('./modules/letterheads/components/LetterheadPage').then((m) => ({ default: m.LetterheadPage })));
const ClaimsPage = lazy(() => import('./modules/claims/components/ClaimsPage').then((m) => ({ default: m.ClaimsPage })));
const ClaimsReportPage = lazy(() => import('./modules/claims/components/ClaimsReportPage').then((m) => ({ default: m.ClaimsReportPage })));
const BenefitRulesPage = lazy(() => import('./modules/claims/components/BenefitRulesPage').then((m) => ({ default: m.BenefitRulesPage })));
const IncidentPage = lazy(() => import('./modules/claims/components/IncidentPage').then((m) => ({ default: m.IncidentPage })));
const DonorSpace = lazy(() => import('./modules/donors/components/DonorSpace').then((m) => ({ default: m.DonorSpace })));
const SignUpPage = lazy(() => import('./modules/donors/components/DonorAuthPages').then((m) => ({ default: m.SignUpPage })));
const VerifyPage = lazy(() => import('./modules/donors/components/DonorAuthPages').then((m) => ({ default: m.VerifyPage })));
const ResetPage = lazy(() => import('./modules/donors/components/DonorAuthPages').then((m) => ({ default: m.ResetPage })));
const DonorsPage = lazy(() => import('./modules/donors/components/DonorsPage').then((m) => ({ default: m.DonorsPage })));
const UsersPage = lazy(() => import('./modules/users/components/UsersPage').then((m) => ({ default: m.UsersPage })));

/** Staff pages need a login; the staff layout holds the menu. */
function Staff() {
  const { me, ready } = useAuth();
  const { t } = useI18n();
  if (!ready) return <p className="boot">{t('loading')}</p>;
  if (!me) return <LoginPage />;
  // A donor's session opens the donor space, never the staff pages.
  if (me.user.role === 'donor') return <Navigate to="/donor" replace />;
  return <StaffLayout />;
}

/**
 * Route-level layouts: the public space (no login: coverage aggregates and a worker's own status
 * check), the donor space (sign-up, links from e-mail, the donor's own page) and the staff space.
 */
export function App() {
  const { t } = useI18n();
  return (
    <BrowserRouter>
      <Suspense fallback={<p className="boot">{t('loading')}</p>}>
        <Routes>
          <Route path="publik" element={<PublicLayout />}>
            <Route index element={<PublicPage />} />
          </Route>
          <Route path="donor" element={<DonorLayout />}>
            <Route index element={<DonorSpace />} />
            <Route path="daftar" element={<SignUpPage />} />
            <Route path="verify" element={<VerifyPage />} />
            <Route path="reset" element={<ResetPage />} />
          </Route>
          <Route element={<Staff />}>
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
            <Route path="acquisition" element={<AcquisitionPage />} />
            <Route path="verification" element={<VerificationPage />} />
            <Route path="duplicates" element={<DuplicatesPage />} />
            <Route path="data-quality" element={<QualityPage />} />
            <Route path="verification/:id" element={<RoundPage />} />
            <Route path="coverage" element={<CoveragePage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="jobs" element={<JobsPage />} />
            <Route path="settings/letterhead" element={<LetterheadPage />} />
            <Route path="claims" element={<ClaimsPage />} />
            <Route path="claims/report" element={<ClaimsReportPage />} />
            <Route path="claims/rules" element={<BenefitRulesPage />} />
            <Route path="incidents/:id" element={<IncidentPage />} />
            <Route path="donors" element={<DonorsPage />} />
            <Route path="*" element={<p>{t('notFound')}</p>} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
