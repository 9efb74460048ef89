import type { NextFunction, Request, Response } from 'express';
import type { Route } from '../http/route-table.js';
import type { i18n } from 'i18next';
import { issueVerificationCode } from '../applications/verification-codes.js';
import { decisionRules, reasonWithBasis } from '../catalogue/decisions.js';
import { findService } from '../catalogue/index.js';
import { appealText } from '../catalogue/legal.js';
import type { ServiceDefinition } from '../catalogue/types.js';
import type { Database } from '../db/knex.js';
import type { ApplicationRow, Decision } from '../db/tables.js';
import { translator } from '../i18n/i18n.js';
import { askedLanguage } from '../i18n/negotiate.js';
import { LANGUAGES } from '../i18n/languages.js';
import { feeOfApplication } from '../payments/fees.js';
import { decisionPdf, verificationUrl } from './pdf.js';
import { readDecisionToken } from './token.js';
import { fieldsOf } from '../http/fields.js';

export interface DecisionDeps {
  db: Database;
  i18n: i18n;
  tokenKey: Buffer;
  /** Makes the verification code the document's QR code holds (applications/verification-codes.ts). */
  verificationKey: Buffer;
  baseUrl: string;
  authority: string;
  clock: () => Date;
}

type DecidedApplication = ApplicationRow & { decision: Decision; decided_at: Date };

/** Why a link that was ours no longer opens its decision. */
type GoneReason = 'expired' | 'revoked';

/**
 * The decided application a token names, or why its link no longer works: the permit was revoked, or
 * the link is older than it may be. Anything else (a forged token, a case not decided) is undefined.
 */
async function decisionByToken(deps: DecisionDeps, token: string): Promise<{ application: DecidedApplication } | { gone: GoneReason } | undefined> {
  const link = readDecisionToken(deps.tokenKey, token);
  if (!link) return undefined;
  const application = await deps.db('applications').where({ id: link.applicationId }).whereIn('status', ['approved', 'refused']).first();
  if (!application?.decision || !application.decided_at) return undefined;
  if (application.permit_revoked_at) return { gone: 'revoked' };
  if (deps.clock() >= link.expiresAt) return { gone: 'expired' };
  return { application: application as DecidedApplication };
}

function serviceOf(application: ApplicationRow): ServiceDefinition {
  const service = findService(application.service_id);
  if (!service) throw new Error(`No service ${application.service_id}`);
  return service;
}

/** The PDF in the applicant's language, or in another of the three when the link asks (`?lang=`). */
async function sendDecisionPdf(deps: DecisionDeps, req: Request, res: Response, application: DecidedApplication): Promise<void> {
  const language = askedLanguage(typeof req.query.lang === 'string' ? req.query.lang : undefined) ?? application.language;
  const code = application.decision.outcome === 'approved' && application.permit_number ? await issueVerificationCode(deps.db, deps.verificationKey, application.id) : undefined;
  const pdf = await decisionPdf({
    application,
    service: serviceOf(application),
    fee: await feeOfApplication(deps.db, application.id),
    verifyUrl: code ? verificationUrl(deps.baseUrl, code) : undefined,
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

type DecisionHandler = (deps: DecisionDeps, req: Request, res: Response, application: DecidedApplication, token: string) => Promise<void> | void;

/** A route of one decision: the handler runs for a link that works, a link that no longer does gets a page that says where to go. */
function withDecision(handler: DecisionHandler): Route<DecisionDeps>['handle'] {
  return async (deps: DecisionDeps, req: Request, res: Response, next: NextFunction) => {
    const token = String(req.params.token);
    const found = await decisionByToken(deps, token);
    if (!found) return next();
    if ('gone' in found) return res.status(410).set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' }).render('decisions/gone.njk', { reason: found.gone });
    await handler(deps, req, res, found.application, token);
  };
}

const showDecision: DecisionHandler = async (deps, _req, res, application, token) => {
  const rated = await deps.db('satisfaction').where({ application_id: application.id }).first();
  const service = serviceOf(application);
  const { t } = res.locals;
  const decision = application.decision;
  res.set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }).render('decisions/page.njk', {
    application,
    token,
    service: t(`services:services.${application.service_id}.name`),
    outcome: decision.outcome,
    decidedOn: res.locals.formatDate(application.decided_at),
    reasons: decision.outcome === 'refused' ? decision.reasons.map((reason) => reasonWithBasis(t, service, reason)) : [],
    appeal: decision.outcome === 'refused' ? appealText(t, decisionRules(service).appeal) : undefined,
    documents: LANGUAGES.map((language) => ({ language, href: `/decisions/${token}.pdf?lang=${language}` })),
    rated: !!rated,
  });
};

const showFeedback: DecisionHandler = async (deps, _req, res, application, token) => {
  if (await deps.db('satisfaction').where({ application_id: application.id }).first()) return res.redirect(303, `/decisions/${token}`);
  renderFeedback(res, token, {}, []);
};

const submitFeedback: DecisionHandler = async (deps, req, res, application, token) => {
  const body = fieldsOf(req.body);
  const typed = { rating: typeof body.rating === 'string' ? body.rating : '', comment: typeof body.comment === 'string' ? body.comment : '' };
  // eslint-disable-next-line no-control-regex -- control characters (and NUL, which PostgreSQL cannot store) are what this drops
  const comment = typed.comment.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  const errors: { field: string; code: string }[] = [];
  if (!/^[1-5]$/.test(typed.rating)) errors.push({ field: 'rating', code: 'required' });
  if ([...comment].length > COMMENT_LENGTH) errors.push({ field: 'comment', code: 'tooLong' });
  if (errors.length) return renderFeedback(res, token, typed, errors);
  // Once per application: a second rating (another tab, a resent form) changes nothing.
  await deps.db('satisfaction')
    .insert({ application_id: application.id, service_id: application.service_id, rating: Number(typed.rating), comment: comment || null })
    .onConflict('application_id')
    .ignore();
  res.redirect(303, `/decisions/${token}`);
};

/** The applicant's decision: its page, its document in three languages. */
export const DECISION_ROUTES: readonly Route<DecisionDeps>[] = [
  { method: 'get', path: '/decisions/:token.pdf', access: 'public', handle: withDecision((deps, req, res, application) => sendDecisionPdf(deps, req, res, application)) },
  { method: 'get', path: '/decisions/:token', access: 'public', handle: withDecision(showDecision) },
  { method: 'get', path: '/decisions/:token/feedback', access: 'public', handle: withDecision(showFeedback) },
  { method: 'post', path: '/decisions/:token/feedback', body: 'form', access: 'public', handle: withDecision(submitFeedback) },
];

/** The most a comment may hold, in characters as a person counts them. */
const COMMENT_LENGTH = 1000;

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
