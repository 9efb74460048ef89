import { Router } from 'express';
import type { FormDeps } from '../forms/context.js';
import { TRACKING_POSTS, trackingRoutes } from './tracking/routes.js';
import { verifyRoutes } from './verify/routes.js';

/** Instant services and public checks: tracking an application, verifying a permit. */
export function lookupRoutes(deps: FormDeps): Router {
  const router = Router();
  router.use(trackingRoutes(deps));
  router.use(verifyRoutes(deps));
  return router;
}

const POSTS = new Set([...TRACKING_POSTS, '/verify']);

/** The lookups' paths that take a POST (for the method guard). */
export function lookupsAcceptPost(path: string): boolean {
  return POSTS.has(path);
}
