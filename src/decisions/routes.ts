import { Router, type Request, type Response } from 'express';
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
    const application = await decidedByToken(deps, req.params.token);
    if (!application) return next();
    await sendDecisionPdf(deps, req, res, application);
  });

  router.get('/decisions/:token', async (req, res, next) => {
    const application = await decidedByToken(deps, req.params.token);
    if (!application) return next();
    const rated = await deps.db('satisfaction').where({ application_id: application.id }).first();
    res.set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }).render('decisions/page.njk', {
      application,
      token: req.params.token,
      service: res.locals.t(`services:services.${application.service_id}.name`),
      outcome: application.decision.outcome,
      decidedOn: res.locals.formatDate(application.decided_at),
      documents: LANGUAGES.map((language) => ({ language, href: `/decisions/${req.params.token}.pdf?lang=${language}` })),
      rated: !!rated,
    });
  });

  return router;
}
