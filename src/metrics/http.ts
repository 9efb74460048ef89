import type { RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { FastLane } from '../http/fast-lane.js';
import { fieldsOf } from '../http/fields.js';

/** Each request's route, status and time, counted for /metrics. */
export interface RequestMetrics {
  /** First in Express: times every request that reaches it. */
  express: RequestHandler;
  /** The same for a lane answered before Express, labelled by the lane's name. */
  lane: (name: string, lane: FastLane) => FastLane;
}

/** A route's label when no route answered: a page not found, or a refusal before the routes (405, 413, 403, 503). */
export const UNMATCHED = 'unmatched';
const METHODS = new Set(['GET', 'HEAD', 'POST']);

/**
 * Requests by route pattern (`/services/:slug/apply/:step`), never by path: a path can hold a secret
 * (a decision link, a share code) and would make a label of every address ever asked for.
 */
export function requestMetrics(registry: Registry): RequestMetrics {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request reaching the app to its answer being sent, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const serverErrors = new Counter({
    name: 'http_server_errors_total',
    help: 'Answers with a 5xx status, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    registers: [registry],
  });
  const observe = (method: string, route: string, status: number, started: bigint) => {
    const labels = { method: METHODS.has(method) ? method : 'other', route };
    duration.observe({ ...labels, status: String(status) }, Number(process.hrtime.bigint() - started) / 1e9);
    if (status >= 500) serverErrors.inc(labels);
  };
  return {
    express: (req, res, next) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        // Express leaves on the request the last route that matched it, as written in the code.
        const path = fieldsOf(req.route).path;
        observe(req.method, typeof path === 'string' ? path : UNMATCHED, res.statusCode, started);
      });
      next();
    },
    lane: (name, lane) => (req, res, path) => {
      const started = process.hrtime.bigint();
      if (!lane(req, res, path)) return false;
      // A lane answers from memory at once: the time to hand the bytes over is its time.
      observe(req.method ?? 'GET', name, res.statusCode, started);
      return true;
    },
  };
}
