import type { Request, Response } from 'express';
import { CALCULATOR_PATH, calculate, showCalculator } from './deadline/routes.js';
import type { LookupDeps } from './page.js';
import { checkRegistrationStatus, REGISTRATION_STATUS_PATH, showRegistrationStatus } from './registration-status/routes.js';
import { TRACKING_ROUTES, type LookupRoute } from './tracking/routes.js';
import { checkTravelBan, showTravelBanCheck, TRAVEL_BAN_PATH } from './travel-ban/routes.js';
import { VERIFY_ROUTES } from './verify/routes.js';

type Handler = (deps: LookupDeps, req: Request, res: Response) => void | Promise<void>;

/** The pages that answer the instant services at once: each a GET to ask and a POST to answer. */
const LOOKUPS: readonly { path: string; show: Handler; answer: Handler }[] = [
  { path: REGISTRATION_STATUS_PATH, show: showRegistrationStatus, answer: checkRegistrationStatus },
  { path: TRAVEL_BAN_PATH, show: showTravelBanCheck, answer: checkTravelBan },
  { path: CALCULATOR_PATH, show: showCalculator, answer: calculate },
];

/** Instant services and public checks: the one-page lookups, tracking an application, verifying a permit. */
export const LOOKUP_ROUTES: readonly LookupRoute[] = [
  ...LOOKUPS.flatMap((lookup): LookupRoute[] => [
    { method: 'get', path: lookup.path, access: 'public', handle: (deps, req, res) => lookup.show(deps, req, res) },
    { method: 'post', path: lookup.path, body: 'form', access: 'public', handle: (deps, req, res) => lookup.answer(deps, req, res) },
  ]),
  ...TRACKING_ROUTES,
  ...VERIFY_ROUTES,
];
