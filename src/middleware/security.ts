import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Scripts and styles are files of our own: nothing inline, nothing from elsewhere. */
function helmetFor(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: production ? [] : null,
      },
    },
    strictTransportSecurity: production,
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * The headers helmet sets, found once by letting it write to a response that only records them:
 * they depend on nothing in the request, and setting them from a list is a fraction of the cost
 * of helmet's dozen middlewares on every request.
 */
export function securityHeaderValues(production: boolean): Readonly<Record<string, string>> {
  const recorded: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (recorded[name] = String(value)),
    removeHeader: (name: string) => void delete recorded[name],
    getHeader: (name: string) => recorded[name],
  };
  let finished = false;
  helmetFor(production)({} as IncomingMessage, recorder as unknown as ServerResponse, () => (finished = true));
  if (!finished) throw new Error('helmet did not finish synchronously');
  return Object.freeze(recorded);
}

export function securityHeaders(values: Readonly<Record<string, string>>): RequestHandler {
  return (_req, res, next) => {
    for (const name in values) res.setHeader(name, values[name]!);
    next();
  };
}
