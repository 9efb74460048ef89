import { Router } from 'express';
import type { FormDeps } from '../forms/context.js';
import { TRACKING_POSTS, trackingRoutes } from './tracking/routes.js';

/** Instant services and public checks: tracking an application. */
export function lookupRoutes(deps: FormDeps): Router {
  const router = Router();
  router.use(trackingRoutes(deps));
  return router;
}

const POSTS = new Set(TRACKING_POSTS);

/** The lookups' paths that take a POST (for the method guard). */
export function lookupsAcceptPost(path: string): boolean {
  return POSTS.has(path);
}
