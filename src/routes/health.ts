import { Router } from 'express';
import { databaseAnswers, type Database } from '../db/knex.js';

/** Liveness and readiness for the load balancer: no session, no language, no page. */
export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await databaseAnswers(db);
    res.status(ready ? 200 : 503).type('text/plain').send(ready ? 'ready' : 'database unavailable');
  });
  return router;
}
