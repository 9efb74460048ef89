import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { describeError } from '../middleware/errors.js';

export interface MetricsText {
  body: string;
  contentType: string;
}

function sameToken(given: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * `GET /metrics` in Prometheus's text format, on a port of its own (METRICS_PORT, loopback unless
 * METRICS_HOST says otherwise, with METRICS_TOKEN then required): never on the public port.
 */
export function serveMetrics(options: NonNullable<Config['metrics']>, read: () => Promise<MetricsText>, logger: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?', 1)[0];
    if (path !== '/metrics') return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    if (req.method !== 'GET') return void res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain' }).end('method not allowed');
    if (options.token && !sameToken(req.headers.authorization, options.token)) {
      return void res.writeHead(401, { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain' }).end('unauthorized');
    }
    read().then(
      ({ body, contentType }) => res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
      (error: unknown) => {
        logger.warn({ failure: describeError(error) }, 'metrics not collected');
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('metrics unavailable');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
