import { decisionToken } from '../../decisions/token.js';
import type { Request, Response } from 'express';
import { readOpenTarget } from '../../applications/links.js';
import { formatReference, normaliseReference } from '../../applications/reference.js';
import { isFinal } from '../../applications/status.js';
import { decisionRules, reasonWithBasis } from '../../catalogue/decisions.js';
import { findService } from '../../catalogue/index.js';
import type { DurationUnit, ServiceDefinition } from '../../catalogue/types.js';
import type { Queryable } from '../../db/knex.js';
import type { ApplicationEventRow, ApplicationRow, InformationRequestRow } from '../../db/tables.js';
import { todayInBaku } from '../../time/calendar.js';
import { formatDateTime } from '../../i18n/format.js';
import type { FormDeps } from '../../forms/context.js';
import { activeShareCodes } from '../share-codes.js';
import { renderFind } from './find.js';
import { trackedApplication } from './session.js';
import { openTargetPath, TRACKED_RECEIPT_PATH } from './open.js';
import { feeOfApplication, feePath, feeReceiptPath } from '../../payments/fees.js';
import { groupedPaymentNumber } from '../../payments/numbers.js';
import { personalEstimate, ESTIMATE_WINDOW_DAYS, MIN_DECISIONS } from './estimate.js';

/** What the applicant sees of the application's history: their own steps and the Service's, never the officers' work inside it. */
function timelineKey(event: Pick<ApplicationEventRow, 'kind' | 'from_status' | 'to_status' | 'details'>): string | undefined {
  if (event.kind === 'status') {
    if (event.to_status === 'submitted') return 'submitted';
    if (event.to_status === 'in_review' && event.from_status === 'submitted') return 'reviewStarted';
    if (event.to_status === 'withdrawn') return 'withdrawn';
    return undefined;
  }
  if (['information-requested', 'information-sent', 'information-received', 'permit-revoked'].includes(event.kind)) return event.kind;
  if (event.kind === 'decided') return event.details.outcome === 'approved' ? 'approved' : 'refused';
  return undefined;
}

/** The unit the application's legal time limit is counted in, for its speed. */
function deadlineUnit(service: ServiceDefinition, speed: string | null): DurationUnit {
  const deadline = service.deadline?.[(speed ?? 'standard') as 'standard'] ?? service.deadline?.standard;
  return deadline?.unit ?? 'days';
}

/** The request for information the application waits on: the latest one not yet answered. */
export async function openRequest(db: Queryable, applicationId: string): Promise<InformationRequestRow | undefined> {
  return db('information_requests').where({ application_id: applicationId }).whereNull('answered_at').orderBy('requested_at', 'desc').first();
}

export function serviceOf(application: ApplicationRow): ServiceDefinition {
  const service = findService(application.service_id);
  if (!service) throw new Error(`No service ${application.service_id}`);
  return service;
}

/** Everything the tracking page shows, in the page's language. */
async function trackingModel(db: Queryable, res: Response, application: ApplicationRow, now: Date) {
  const { t, lang, formatDate } = res.locals;
  const service = serviceOf(application);
  const today = todayInBaku(now);
  const open = !isFinal(application.status);
  const permit = application.status === 'approved' && !!application.permit_number;
  const [events, request, estimate, shareCodes] = await Promise.all([
    db('application_events').where({ application_id: application.id }).orderBy('created_at').orderBy('id'),
    application.status === 'awaiting_applicant' ? openRequest(db, application.id) : Promise.resolve(undefined),
    open ? personalEstimate(db, application, now) : Promise.resolve(undefined),
    permit && !application.permit_revoked_at ? activeShareCodes(db, application.id, now) : Promise.resolve([]),
  ]);
  const unit = deadlineUnit(service, application.speed);
  const decision = application.decision;
  return {
    application,
    reference: formatReference(application.reference),
    serviceName: t(`services:services.${application.service_id}.name`),
    status: t(`common:statuses.${application.status}`),
    speed: application.speed ? t(`services:speeds.${application.speed}`) : undefined,
    submitted: formatDateTime(application.submitted_at, lang),
    next: t(`tracking:next.${application.status}`),
    timeline: events.flatMap((event) => {
      const key = timelineKey(event);
      return key ? [{ when: formatDateTime(event.created_at, lang), text: t(`tracking:timeline.${key}`) }] : [];
    }),
    clock: open
      ? {
          due: formatDate(application.legal_due_date),
          pausedDays: application.paused_days ? t(`common:duration.${unit}`, { count: application.paused_days }) : undefined,
          pausedSince: application.paused_since ? formatDate(application.paused_since) : undefined,
        }
      : undefined,
    estimate: estimate && {
      ahead: estimate.ahead,
      decisions: estimate.decisions,
      enough: estimate.expected !== undefined,
      minimum: MIN_DECISIONS,
      period: t('common:duration.days', { count: ESTIMATE_WINDOW_DAYS }),
      median: estimate.medianWorkingDays === undefined ? undefined : t('common:duration.workingDays', { count: estimate.medianWorkingDays }),
      expected: estimate.expected ? formatDate(estimate.expected) : undefined,
      late: !!estimate.expected && estimate.expected < today,
    },
    request: request && {
      id: request.id,
      when: formatDateTime(request.requested_at, lang),
      message: request.message,
      documents: request.documents.map((id) => t(`services:documents.${id}`)),
      replyBy: formatDate(request.reply_by),
    },
    decision: decision && {
      outcome: decision.outcome,
      decidedOn: application.decided_at ? formatDate(todayInBaku(application.decided_at)) : undefined,
      grants: decisionRules(service).grants,
      permitNumber: application.permit_number,
      revoked: !!application.permit_revoked_at,
      validFrom: application.valid_from ? formatDate(application.valid_from) : undefined,
      validUntil: application.valid_until ? formatDate(application.valid_until) : undefined,
      address: decision.outcome === 'approved' ? decision.address : undefined,
      reasons: decision.outcome === 'refused' ? decision.reasons.map((reason) => reasonWithBasis(t, service, reason)) : [],
    },
    canWithdraw: open,
    permit: permit && !application.permit_revoked_at,
    shareCodes: shareCodes.map((code) => ({ id: code.id, made: formatDate(todayInBaku(code.created_at)), until: formatDate(todayInBaku(code.expires_at)) })),
  };
}

/**
 * The reference a link from a mail asks for (`?reference=`), as typed there; undefined when the
 * address names none. A browser following another application is asked to find this one.
 */
function askedReference(req: Request): string | undefined {
  return typeof req.query.reference === 'string' ? req.query.reference.slice(0, 30) : undefined;
}

/** The state fee an approval made due, as the tracking page shows it: what, until when, paid or not, and where to pay. */
async function feeModel(db: Queryable, res: Response, application: ApplicationRow) {
  const fee = application.status === 'approved' ? await feeOfApplication(db, application.id) : undefined;
  if (!fee) return undefined;
  return {
    amount: res.locals.formatMoney(Number(fee.amount)),
    number: groupedPaymentNumber(fee.payment_number),
    dueDate: res.locals.formatDate(fee.due_date),
    paidOn: fee.paid_at ? formatDateTime(fee.paid_at, res.locals.lang) : undefined,
    href: feePath(fee.payment_number),
    receiptHref: fee.paid_at ? feeReceiptPath(fee.payment_number) : undefined,
  };
}

/**
 * The tracking page of the application this session follows; the form to find one when there is
 * none, or when a link asks for another. A link's target (`?open=`) is opened at once for the
 * application this session follows already.
 */
export async function showTracking(deps: FormDeps, req: Request, res: Response, options: { status?: number; refusal?: string } = {}): Promise<void> {
  const tracked = await trackedApplication(deps.db, req);
  const asked = askedReference(req);
  const open = readOpenTarget(req.query.open);
  const application = tracked && (asked === undefined || normaliseReference(asked) === tracked.reference) ? tracked : undefined;
  if (!application) return renderFind(res, asked === undefined ? undefined : { reference: asked }, [], { open });
  const target = open && (await openTargetPath(deps.db, application, open, deps.decisionTokenKey, deps.clock()));
  if (target) return res.redirect(303, target);
  const done = typeof req.query.done === 'string' && DONE.has(req.query.done) ? req.query.done : undefined;
  res
    .status(options.status ?? 200)
    .set('Cache-Control', 'no-store')
    .render('lookups/track.njk', {
      ...(await trackingModel(deps.db, res, application, deps.clock())),
      // The decision's own page: its document to download and print, and the rating of the service. A fresh
      // link each time (a link lasts 90 days); none once the permit is revoked, whose links all stop working.
      decisionHref:
        application.decided_at && !application.permit_revoked_at && deps.decisionTokenKey ? `/decisions/${decisionToken(deps.decisionTokenKey, application.id, deps.clock())}` : undefined,
      receiptHref: TRACKED_RECEIPT_PATH,
      fee: await feeModel(deps.db, res, application),
      done,
      refusal: options.refusal,
    });
}

/** What the page may say was just done (`?done=`); anything else in the address is ignored. */
const DONE = new Set(['reply', 'withdrawn', 'shareRevoked']);
