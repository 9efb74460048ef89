import { Router } from 'express';
import { routesOf, type Route } from '../http/route-table.js';
import { guard, type Access } from './auth/guard.js';
import { showPassword, submitPassword } from './auth/password.js';
import { showCode, showSignIn, signOut, submitCode, submitSignIn } from './auth/sign-in.js';
import { disableTwoFactor, enableTwoFactor, showTwoFactor } from './auth/two-factor.js';
import { createOfficerFromForm, editOfficerForm, listOfficers, newOfficerForm, resetOfficerPassword, showSecurity, updateOfficer, updateSecurity } from './admin/officers.js';
import { performAction, showActionForm } from './cases/actions.js';
import type { CaseAction } from './cases/case-action.js';
import { CLAIM, REASSIGN, RELEASE } from './cases/claims.js';
import { APPROVE, CONFIRM, INFORMATION_RECEIVED, REFUSE, REQUEST_INFORMATION, SEND_BACK } from './decisions/actions.js';
import { REVOKE } from './decisions/revocation.js';
import { showDocument } from './cases/documents.js';
import { showCase } from './cases/page.js';
import { BASE, officerOf, type BackofficeDeps } from './context.js';
import { ADMINS, CASEWORKERS, SUPERVISORS } from './officers/roles.js';
import { showQueue } from './queues/routes.js';
import { exportQueue } from './queues/export.js';
import { showAudit } from './audit/page.js';
import { showDashboard } from './dashboard/routes.js';
import { createTravelBan, liftTravelBan, listTravelBans, newTravelBan, showTravelBan, updateTravelBan } from './travel-bans/routes.js';
import { editVisitOffice, listVisitOffices, saveVisitOffice, VISITS } from './visits/routes.js';

/** Who may use it (`access`): the guard in front of every route reads it; the route-table tests walk every entry. */
export type BackofficeRoute = Route<BackofficeDeps, Access>;

const CASE = `${BASE}/cases/:reference`;

/** An action on a case: its form (when it asks one) and its POST. */
function actionRoutes<I>(action: CaseAction<I>, access: Access): BackofficeRoute[] {
  const post: BackofficeRoute = { method: 'post', body: 'form', path: `${CASE}/${action.name}`, access, handle: performAction(action) };
  return action.form ? [{ method: 'get', path: `${CASE}/${action.name}`, access, handle: showActionForm(action) }, post] : [post];
}

/** Every back-office route, in one table: a route added without saying who may use it does not compile. */
export const BACKOFFICE_ROUTES: readonly BackofficeRoute[] = [
  { method: 'get', path: `${BASE}/sign-in`, access: 'anyone', handle: (_deps, req, res) => showSignIn(req, res) },
  { method: 'post', body: 'form', path: `${BASE}/sign-in`, access: 'anyone', handle: submitSignIn },
  { method: 'get', path: `${BASE}/sign-in/code`, access: 'anyone', handle: showCode },
  { method: 'post', body: 'form', path: `${BASE}/sign-in/code`, access: 'anyone', handle: submitCode },
  { method: 'post', body: 'form', path: `${BASE}/sign-out`, access: 'signedIn', handle: signOut },
  // The timeout warning's "stay signed in": a request is all it takes, the guard notes the officer as seen.
  { method: 'get', path: `${BASE}/keep-alive`, access: 'signedIn', handle: (_deps, _req, res) => void res.status(204).end() },
  { method: 'get', path: `${BASE}/two-factor`, access: 'signedIn', handle: showTwoFactor },
  { method: 'post', body: 'form', path: `${BASE}/two-factor`, access: 'signedIn', handle: enableTwoFactor },
  { method: 'post', body: 'form', path: `${BASE}/two-factor/disable`, access: 'signedIn', handle: disableTwoFactor },
  { method: 'get', path: `${BASE}/admin/officers`, access: ADMINS, handle: listOfficers },
  { method: 'get', path: `${BASE}/admin/officers/new`, access: ADMINS, handle: newOfficerForm },
  { method: 'post', body: 'form', path: `${BASE}/admin/officers/new`, access: ADMINS, handle: createOfficerFromForm },
  { method: 'get', path: `${BASE}/admin/officers/:officer`, access: ADMINS, handle: editOfficerForm },
  { method: 'post', body: 'form', path: `${BASE}/admin/officers/:officer`, access: ADMINS, handle: updateOfficer },
  { method: 'post', body: 'form', path: `${BASE}/admin/officers/:officer/reset-password`, access: ADMINS, handle: resetOfficerPassword },
  { method: 'get', path: `${BASE}/admin/security`, access: ADMINS, handle: showSecurity },
  { method: 'post', body: 'form', path: `${BASE}/admin/security`, access: ADMINS, handle: updateSecurity },
  { method: 'get', path: `${BASE}/password`, access: 'signedIn', handle: (_deps, req, res) => showPassword(req, res) },
  { method: 'post', body: 'form', path: `${BASE}/password`, access: 'signedIn', handle: submitPassword },
  { method: 'get', path: BASE, access: 'signedIn', handle: (_deps, _req, res) => res.redirect(303, officerOf(res).role === 'admin' ? `${BASE}/admin/officers` : `${BASE}/queue`) },
  { method: 'get', path: `${BASE}/queue`, access: CASEWORKERS, handle: showQueue },
  { method: 'get', path: `${BASE}/queue.csv`, access: CASEWORKERS, handle: exportQueue },
  { method: 'get', path: `${BASE}/dashboard`, access: CASEWORKERS, handle: showDashboard },
  { method: 'get', path: `${BASE}/audit`, access: SUPERVISORS, handle: showAudit },
  { method: 'get', path: `${BASE}/travel-bans`, access: SUPERVISORS, handle: listTravelBans },
  { method: 'get', path: `${BASE}/travel-bans/new`, access: SUPERVISORS, handle: newTravelBan },
  { method: 'post', body: 'form', path: `${BASE}/travel-bans/new`, access: SUPERVISORS, handle: createTravelBan },
  { method: 'get', path: `${BASE}/travel-bans/:ban`, access: SUPERVISORS, handle: showTravelBan },
  { method: 'post', body: 'form', path: `${BASE}/travel-bans/:ban`, access: SUPERVISORS, handle: updateTravelBan },
  { method: 'post', body: 'form', path: `${BASE}/travel-bans/:ban/lift`, access: SUPERVISORS, handle: liftTravelBan },
  // The electronic queue: which offices take bookings, for what, when, and how many at once.
  { method: 'get', path: VISITS, access: SUPERVISORS, handle: listVisitOffices },
  { method: 'get', path: `${VISITS}/:office`, access: SUPERVISORS, handle: editVisitOffice },
  { method: 'post', body: 'form', path: `${VISITS}/:office`, access: SUPERVISORS, handle: saveVisitOffice },
  { method: 'get', path: CASE, access: CASEWORKERS, handle: showCase },
  { method: 'get', path: `${CASE}/documents/:document`, access: CASEWORKERS, handle: showDocument },
  ...actionRoutes(CLAIM, CASEWORKERS),
  ...actionRoutes(RELEASE, CASEWORKERS),
  ...actionRoutes(REASSIGN, SUPERVISORS),
  ...actionRoutes(REQUEST_INFORMATION, CASEWORKERS),
  ...actionRoutes(INFORMATION_RECEIVED, CASEWORKERS),
  ...actionRoutes(APPROVE, CASEWORKERS),
  ...actionRoutes(REFUSE, CASEWORKERS),
  ...actionRoutes(CONFIRM, SUPERVISORS),
  ...actionRoutes(SEND_BACK, SUPERVISORS),
  ...actionRoutes(REVOKE, SUPERVISORS),
];

export function backofficeRoutes(deps: BackofficeDeps): Router {
  const router = Router();
  // The navigation marks the page an officer is on.
  router.use(BASE, (req, res, next) => {
    res.locals.currentPath = req.originalUrl.split('?')[0];
    next();
  });
  router.use(routesOf(BACKOFFICE_ROUTES, deps, { csrf: deps.csrf, guard: (access) => guard(deps, access) }));
  return router;
}
