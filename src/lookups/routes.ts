import { Router, type Request, type Response } from 'express';
import type { FormDeps } from '../forms/context.js';
import { CALCULATOR_PATH, calculate, showCalculator } from './deadline/routes.js';
import type { LookupDeps } from './page.js';
import { checkRegistrationStatus, REGISTRATION_STATUS_PATH, showRegistrationStatus } from './registration-status/routes.js';
import { TRACKING_POSTS, trackingRoutes } from './tracking/routes.js';
import { checkTravelBan, showTravelBanCheck, TRAVEL_BAN_PATH } from './travel-ban/routes.js';
import { verifyRoutes } from './verify/routes.js';

type Handler = (deps: LookupDeps, req: Request, res: Response) => void | Promise<void>;

/** The pages that answer the instant services at once: each a GET to ask and a POST to answer. */
const LOOKUPS: readonly { path: string; show: Handler; answer: Handler }[] = [
  { path: REGISTRATION_STATUS_PATH, show: showRegistrationStatus, answer: checkRegistrationStatus },
  { path: TRAVEL_BAN_PATH, show: showTravelBanCheck, answer: checkTravelBan },
  { path: CALCULATOR_PATH, show: showCalculator, answer: calculate },
];

/** Instant services and public checks: the one-page lookups, tracking an application, verifying a permit. */
export function lookupRoutes(deps: FormDeps): Router {
  const router = Router();
  for (const lookup of LOOKUPS) {
    router.get(lookup.path, (req, res) => lookup.show(deps, req, res));
    router.post(lookup.path, deps.csrf, (req, res) => lookup.answer(deps, req, res));
  }
  router.use(trackingRoutes(deps));
  router.use(verifyRoutes(deps));
  return router;
}

const POSTS = new Set([...LOOKUPS.map((lookup) => lookup.path), ...TRACKING_POSTS, '/verify']);

/** The lookups' paths that take a POST (for the method guard's `Allow`). */
export function lookupsAcceptPost(path: string): boolean {
  return POSTS.has(path);
}
