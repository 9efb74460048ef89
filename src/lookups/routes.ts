import { Router, type Request, type Response } from 'express';
import { CALCULATOR_PATH, calculate, showCalculator } from './deadline/routes.js';
import type { LookupDeps } from './page.js';
import { checkRegistrationStatus, REGISTRATION_STATUS_PATH, showRegistrationStatus } from './registration-status/routes.js';
import { checkTravelBan, showTravelBanCheck, TRAVEL_BAN_PATH } from './travel-ban/routes.js';

type Handler = (deps: LookupDeps, req: Request, res: Response) => void | Promise<void>;

/** The pages that answer the instant services at once: each a GET to ask and a POST to answer. */
const LOOKUPS: readonly { path: string; show: Handler; answer: Handler }[] = [
  { path: REGISTRATION_STATUS_PATH, show: showRegistrationStatus, answer: checkRegistrationStatus },
  { path: TRAVEL_BAN_PATH, show: showTravelBanCheck, answer: checkTravelBan },
  { path: CALCULATOR_PATH, show: showCalculator, answer: calculate },
];

export function lookupRoutes(deps: LookupDeps): Router {
  const router = Router();
  for (const lookup of LOOKUPS) {
    router.get(lookup.path, (req, res) => lookup.show(deps, req, res));
    router.post(lookup.path, deps.csrf, (req, res) => lookup.answer(deps, req, res));
  }
  return router;
}

/** Whether a path is one of these pages' forms (for the method guard's `Allow`). */
export function lookupsAcceptPost(path: string): boolean {
  return LOOKUPS.some((lookup) => lookup.path === path);
}
