import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_TABLES } from '../../src/app.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { fileFieldsOf } from '../../src/forms/pages/question-page.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** What every area's route says of itself, whatever the area's dependencies. */
interface AnyRoute {
  method: 'get' | 'post';
  path: string;
  access: unknown;
  body?: 'none' | 'form' | { kind: 'raw' | 'multipart' };
  handle: unknown;
}

const TABLES: Readonly<Record<string, readonly AnyRoute[]>> = ROUTE_TABLES;
const ROUTES = Object.entries(TABLES).flatMap(([table, routes]) => routes.map((route) => ({ ...route, table })));

// A service whose form has a step with documents, so the multipart routes are asked with a step that reads files.
const service = SERVICES.find((candidate) => candidate.journey?.steps.some((step) => step.kind === 'question' && fileFieldsOf(step.fields).length > 0))!;
const stepWithFiles = service.journey!.steps.find((step) => step.kind === 'question' && fileFieldsOf(step.fields).length > 0)!;

/** Plausible values for each route's params: a service with a journey and a step of it, numbers of the right shape. */
const PARAMS: Record<string, string> = {
  slug: service.id,
  step: stepWithFiles.id,
  item: '1',
  file: randomUUID(),
  code: 'ABCD-EFGH-JKLM',
  number: '123456789012',
  token: 'a'.repeat(48),
  reference: 'WP-2026-000001',
  document: randomUUID(),
  officer: randomUUID(),
  ban: randomUUID(),
  office: 'ganja',
};

function urlOf(route: AnyRoute): string {
  return route.path.replace(/:([A-Za-z_$][\w$]*)/g, (_whole, name: string) => {
    const value = PARAMS[name];
    if (value === undefined) throw new Error(`no value for :${name} of ${route.path}: give one in PARAMS`);
    return value;
  });
}

const named = (routes: typeof ROUTES) => routes.map((route) => [`${route.table}: ${route.method.toUpperCase()} ${route.path}`, route] as const);
const posts = ROUTES.filter((route) => route.method === 'post');
const bodyKind = (route: AnyRoute) => (typeof route.body === 'object' ? route.body.kind : (route.body ?? 'none'));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('every route of every area, from the tables themselves', () => {
  it('each has a handler, and no two share a method and path', () => {
    expect(Object.keys(ROUTE_TABLES).length).toBeGreaterThanOrEqual(10);
    for (const route of ROUTES) expect(typeof route.handle, `${route.method} ${route.path}`).toBe('function');
    const keys = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('a GET reads no body; a POST says which it reads', () => {
    for (const route of ROUTES) {
      const kinds = route.method === 'get' ? ['none'] : ['form', 'multipart', 'raw'];
      expect(kinds, `${route.method} ${route.path}`).toContain(bodyKind(route));
    }
  });

  it.each(named(posts.filter((route) => bodyKind(route) !== 'raw')))('%s: without a token, a CSRF refusal, and OPTIONS lists POST', async (_name, route) => {
    const agent = t.agent();
    const request = agent.post(urlOf(route));
    // A multipart form is refused before a byte of its files is read, as a plain form is.
    const answer = bodyKind(route) === 'multipart' ? await request.field('note', 'x').attach('upload', Buffer.from('%PDF-1.4 x'), 'a.pdf') : await request.type('form').send({ note: 'x' });
    expect(answer.status).toBe(403);
    const options = await agent.options(urlOf(route));
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, POST');
  });

  it.each(named(posts.filter((route) => bodyKind(route) === 'raw')))('%s: read as bytes, with no token asked, its signature checked', async (_name, route) => {
    const answer = await t.agent().post(urlOf(route)).set('Content-Type', 'application/json').send('{}');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect([403, 404, 405]).not.toContain(answer.status);
    expect(answer.status).toBeLessThan(500);
    expect((await t.agent().options(urlOf(route))).headers.allow).toBe('GET, HEAD, POST');
  });

  const guardedPages = ROUTES.filter((route) => route.table === 'backoffice' && route.method === 'get' && route.access !== 'anyone');
  it.each(named(guardedPages))('%s: without a session, sent to sign in', async (_name, route) => {
    const answer = await t.agent().get(urlOf(route));
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/backoffice\/sign-in/);
  });
});
