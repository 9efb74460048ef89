import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { i18n } from 'i18next';
import type { Decision } from '../backoffice/decisions/decision.js';
import type { Database } from '../db/knex.js';
import type { ApplicationRow } from '../db/tables.js';
import { translator } from '../i18n/i18n.js';
import { isLanguage, LANGUAGES } from '../i18n/languages.js';
import { feeOfApplication } from '../payments/fees.js';
import { decisionPdf } from './pdf.js';
import { readDecisionToken } from './token.js';

export interface DecisionDeps {
  db: Database;
  csrf: RequestHandler;
  i18n: i18n;
  tokenKey: Buffer;
  baseUrl: string;
  authority: string;
}

export type DecidedApplication = ApplicationRow & { decision: Decision; decided_at: Date };

/** The decided application a token names; anything else (a forged token, a case not decided) is a page not found. */
export async function decidedByToken(deps: DecisionDeps, token: string): Promise<DecidedApplication | undefined> {
  const id = readDecisionToken(deps.tokenKey, token);
  if (!id) return undefined;
  const application = await deps.db('applications').where({ id }).whereIn('status', ['approved', 'refused']).first();
  return application?.decision && application.decided_at ? (application as DecidedApplication) : undefined;
}

/** The PDF in the applicant's language, or in another of the three when the link asks (`?lang=`). */
export async function sendDecisionPdf(deps: DecisionDeps, req: Request, res: Response, application: DecidedApplication): Promise<void> {
  const language = isLanguage(req.query.lang) ? req.query.lang : application.language;
  const pdf = await decisionPdf({
    application,
    fee: await feeOfApplication(deps.db, application.id),
    language,
    t: translator(deps.i18n, language),
    baseUrl: deps.baseUrl,
    authority: deps.authority,
  });
  res
    .status(200)
    .set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="decision-${application.reference}-${language}.pdf"`,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    })
    .send(pdf);
}

/** The applicant's decision: its page, its document in three languages. */
export function decisionRoutes(deps: DecisionDeps): Router {
  const router = Router();

  router.get('/decisions/:token.pdf', async (req, res, next) => {
    const application = await decidedByToken(deps, String(req.params.token));
    if (!application) return next();
    await sendDecisionPdf(deps, req, res, application);
  });

  router.get('/decisions/:token', async (req, res, next) => {
    const application = await decidedByToken(deps, String(req.params.token));
    if (!application) return next();
    const rated = await deps.db('satisfaction').where({ application_id: application.id }).first();
    res.set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }).render('decisions/page.njk', {
      application,
      token: String(req.params.token),
      service: res.locals.t(`services:services.${application.service_id}.name`),
      outcome: application.decision.outcome,
      decidedOn: res.locals.formatDate(application.decided_at),
      documents: LANGUAGES.map((language) => ({ language, href: `/decisions/${String(req.params.token)}.pdf?lang=${language}` })),
      rated: !!rated,
    });
  });

  router.get('/decisions/:token/feedback', async (req, res, next) => {
    const application = await decidedByToken(deps, String(req.params.token));
    if (!application) return next();
    if (await deps.db('satisfaction').where({ application_id: application.id }).first()) return res.redirect(303, `/decisions/${String(req.params.token)}`);
    renderFeedback(res, String(req.params.token), {}, []);
  });

  router.post('/decisions/:token/feedback', deps.csrf, async (req, res, next) => {
    const application = await decidedByToken(deps, String(req.params.token));
    if (!application) return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = { rating: typeof body.rating === 'string' ? body.rating : '', comment: typeof body.comment === 'string' ? body.comment : '' };
    // eslint-disable-next-line no-control-regex -- control characters (and NUL, which PostgreSQL cannot store) are what this drops
    const comment = typed.comment.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
    const errors: { field: string; code: string }[] = [];
    if (!/^[1-5]$/.test(typed.rating)) errors.push({ field: 'rating', code: 'required' });
    if ([...comment].length > COMMENT_LENGTH) errors.push({ field: 'comment', code: 'tooLong' });
    if (errors.length) return renderFeedback(res, String(req.params.token), typed, errors);
    // Once per application: a second rating (another tab, a resent form) changes nothing.
    await deps.db('satisfaction')
      .insert({ application_id: application.id, service_id: application.service_id, rating: Number(typed.rating), comment: comment || null })
      .onConflict('application_id')
      .ignore();
    res.redirect(303, `/decisions/${String(req.params.token)}`);
  });

  return router;
}

/** The most a comment may hold, in characters as a person counts them. */
export const COMMENT_LENGTH = 1000;

function renderFeedback(res: Response, token: string, typed: { rating?: string; comment?: string }, errors: { field: string; code: string }[]): void {
  const t = res.locals.t;
  const message = (field: string) => {
    const error = errors.find((candidate) => candidate.field === field);
    return error ? t(`decisions:feedback.errors.${error.code}`) : undefined;
  };
  res.status(errors.length ? 400 : 200).set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }).render('decisions/feedback.njk', {
    token,
    typed,
    ratingError: message('rating'),
    commentError: message('comment'),
    errorList: errors.map((error) => ({ text: message(error.field), href: error.field === 'rating' ? '#rating' : '#comment' })),
    ratings: ['5', '4', '3', '2', '1'].map((value) => ({ value, text: t(`decisions:feedback.ratings.${value}`), checked: typed.rating === value })),
  });
}

/** The paths of this part that take a POST (the method guard's list). */
export function decisionsAcceptPost(path: string): boolean {
  return /^\/decisions\/[\w-]{44}\/feedback$/.test(path);
}
