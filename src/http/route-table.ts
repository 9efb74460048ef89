import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** What a multipart page may send besides its files: a text field may be long (a reply of 5,000 characters). */
interface MultipartLimits {
  /** The largest text field, in bytes. */
  fieldSize?: number;
}

/** A form with files: which file fields this request may carry (from the route's params or the session), and its limits. */
interface MultipartBody<D, F> {
  kind: 'multipart';
  files: (deps: D, req: Request) => F | undefined | Promise<F | undefined>;
  limits?: MultipartLimits;
}

/** Bytes as sent, read before any other body reader: a signature is over them (the payment provider's notices). */
interface RawBody {
  kind: 'raw';
  limit: string;
}

/** A GET reads no body; a POST says which it takes, so the CSRF check and the body reader are never forgotten. */
type MethodAndBody<D, F> = { method: 'get'; body?: 'none' } | { method: 'post'; body: 'form' | RawBody | MultipartBody<D, F> };

/**
 * One route of an area's table. `access` is 'public', or what the area's guard checks (the
 * back-office's Access); `handle` is given the area's dependencies and the request.
 */
export type Route<D, A = never, F = never> = MethodAndBody<D, F> & {
  path: string;
  access: 'public' | A;
  handle: (deps: D, req: Request, res: Response, next: NextFunction) => unknown;
};

/** What a table's routes are mounted with: the CSRF check, the multipart reader, the area's guard. */
export interface RouteSurface<A, F> {
  csrf?: RequestHandler;
  /** Checks the token with nothing of the body read, then reads the files (documents' uploads.parser). */
  multipart?: (files: (req: Request) => F | undefined | Promise<F | undefined>, limits?: MultipartLimits) => RequestHandler;
  guard?: (access: A) => RequestHandler;
}

function required<T>(value: T | undefined, route: { method: string; path: string }, what: string): T {
  if (!value) throw new Error(`${route.method.toUpperCase()} ${route.path} needs ${what} to be mounted`);
  return value;
}

/** What reads the body, then the CSRF check: multipart first, as its reader checks the token before a byte is read. */
function bodyHandlers<D, A, F>(route: Route<D, A, F>, deps: D, surface: RouteSurface<A, F>): RequestHandler[] {
  if (route.method === 'get') return [];
  const body = route.body;
  if (body === 'form') return [required(surface.csrf, route, 'the CSRF check')];
  // The HMAC over the bytes is what proves where a raw notice comes from: there is no session to hold a token.
  if (body.kind === 'raw') return [express.raw({ type: () => true, limit: body.limit })];
  const read = required(surface.multipart, route, 'the multipart reader')((req) => body.files(deps, req), body.limits);
  return [read, required(surface.csrf, route, 'the CSRF check')];
}

/** Mounts a table in order: body reader, CSRF check (every POST but a raw one), the guard of its access, its handler. */
export function routesOf<D, A, F>(table: readonly Route<D, A, F>[], deps: D, surface: RouteSurface<A, F> = {}): RequestHandler {
  const router = Router();
  for (const route of table) {
    const access = route.access === 'public' ? [] : [required(surface.guard, route, 'a guard')(route.access)];
    const handle: RequestHandler = (req, res, next) => route.handle(deps, req, res, next);
    router[route.method](route.path, ...bodyHandlers(route, deps, surface), ...access, handle);
  }
  // A request no path of the table can answer passes the area by in one test, rather than through
  // every route of it: a form's page is tried by each area before its own, which comes last.
  const answers = pathsOf(table);
  return (req, res, next) => (answers(req.path) ? router(req, res, next) : next());
}

/** Whether a path is one of the table's, as Express matches it: any case, with or without a slash at its end. */
function pathsOf(table: readonly { path: string }[]): (path: string) => boolean {
  if (!table.length) return () => false;
  const pattern = new RegExp(`^(?:${table.map((route) => pathPattern(route.path)).join('|')})/?$`, 'i');
  return (path) => pattern.test(path);
}

/** The route path syntax the tables use: literal segments and `:name` params, as Express 5 reads them. */
const UNSUPPORTED = /[{}*()?+[\]\\]/;

function pathPattern(path: string): string {
  if (UNSUPPORTED.test(path)) throw new Error(`Route path ${path} uses syntax the method guard does not read: only :params`);
  return path.replace(/[.^$|]/g, '\\$&').replace(/:[A-Za-z_$][\w$]*/g, '[^/]+');
}

/**
 * Whether a path takes a POST, from the tables themselves (for the method guard's `Allow` and the
 * pages that need the database): a POST route added to a table is known here without more.
 */
export function postPathsOf(tables: readonly (readonly { method: string; path: string }[])[]): (path: string) => boolean {
  const posts = tables.flat().filter((route) => route.method === 'post');
  const pattern = new RegExp(`^(?:${posts.map((route) => pathPattern(route.path)).join('|')})$`);
  return (path) => pattern.test(path);
}
