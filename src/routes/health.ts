import { Router } from 'express';
import type { FastLane } from '../http/fast-lane.js';
import { databaseAnswers, type Database } from '../db/knex.js';
import { mailHealth } from '../notices/mail-server.js';

/** Liveness: the process answers. Before Express, which it says nothing about. */
export const liveness: FastLane = (_req, res, path) => {
  if (path !== '/healthz') return false;
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '2', 'Cache-Control': 'no-store' });
  res.end('ok');
  return true;
};

/**
 * Readiness for the load balancer: the database answers. No session, no language, no page. Below the
 * first line, whether mail is flowing, for the operator: mail waiting does not make the portal unready.
 */
export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get('/readyz', async (_req, res) => {
    const ready = await databaseAnswers(db);
    const mail = ready ? await mailHealth(db).catch(() => []) : [];
    res.status(ready ? 200 : 503).type('text/plain').set('Cache-Control', 'no-store').send([ready ? 'ready' : 'database unavailable', ...mail].join('\n'));
  });
  return router;
}
