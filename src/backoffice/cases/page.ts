import type { Request, Response } from 'express';
import { reasonWithBasis } from '../../catalogue/decisions.js';
import { findService } from '../../catalogue/index.js';
import type { ServiceDefinition } from '../../catalogue/types.js';
import type { ApplicationRow, Decision } from '../../db/tables.js';
import { applicationDocuments } from '../../documents/repository.js';
import { todayInBaku } from '../../time/calendar.js';
import { formatSize } from '../../forms/fields/file.js';
import { renderApplicationAnswers } from '../../catalogue/versions.js';
import { readerOf } from '../../forms/context.js';
import { countryName } from '../../i18n/countries.js';
import { formatDateTime } from '../../i18n/format.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { officersTable, type OfficerRow } from '../officers/repository.js';
import { availableActions } from './available.js';
import { caseFor } from './load.js';
import { timeLeft } from '../time-left.js';
import { decisionToken } from '../../decisions/token.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { undeliverableMail } from '../../notices/undeliverable.js';

/** Who did it, as an officer reads it: a colleague's name, or "the applicant". */
function actorName(actor: string, names: Map<string, string>, t: Response['locals']['t']): string {
  if (actor === 'applicant') return t('backoffice:case.actors.applicant');
  const id = actor.startsWith('officer:') ? actor.slice('officer:'.length) : undefined;
  return (id && names.get(id)) ?? t('backoffice:case.actors.system');
}

/** A decision as the case page shows it: outcome, what it grants or why it refuses, who decided and confirmed. */
function decisionView(decision: Decision | null, service: ServiceDefinition | undefined, names: Map<string, string>, res: Response) {
  if (!decision) return undefined;
  const { t, formatDate } = res.locals;
  const rows: { key: { text: string }; value: { text: string } }[] = [{ key: { text: t('backoffice:case.decision.outcome') }, value: { text: t(`backoffice:statuses.${decision.outcome}`) } }];
  if (decision.outcome === 'approved') {
    if (decision.address) rows.push({ key: { text: t('backoffice:case.decision.address') }, value: { text: decision.address } });
    if (decision.validFrom && decision.validUntil) {
      rows.push({ key: { text: t('backoffice:case.decision.validity') }, value: { text: t('backoffice:case.decision.validityRange', { from: formatDate(decision.validFrom), until: formatDate(decision.validUntil) }) } });
    }
  } else {
    for (const reason of decision.reasons) {
      rows.push({ key: { text: t('backoffice:case.decision.reason') }, value: { text: service ? reasonWithBasis(t, service, reason) : t(`services:refusalReasons.${reason}.text`) } });
    }
  }
  if (decision.note) rows.push({ key: { text: t('backoffice:case.decision.note') }, value: { text: decision.note } });
  rows.push({ key: { text: t('backoffice:case.decision.decidedBy') }, value: { text: names.get(decision.decidedBy) ?? '' } });
  if (decision.confirmedBy) rows.push({ key: { text: t('backoffice:case.decision.confirmedBy') }, value: { text: names.get(decision.confirmedBy) ?? '' } });
  return rows;
}

export async function caseModel(deps: BackofficeDeps, res: Response, application: ApplicationRow, officer: OfficerRow) {
  const { t, lang, formatDate, formatMoney } = res.locals;
  const [documents, events, requests, lostMail] = await Promise.all([
    applicationDocuments(deps.db, application.id),
    deps.db('application_events').where({ application_id: application.id }).orderBy('created_at').orderBy('id'),
    deps.db('information_requests').where({ application_id: application.id }).orderBy('requested_at'),
    undeliverableMail(deps.db, application.id),
  ]);
  const decisionBy = [application.decision, application.proposed_decision].flatMap((decision) => (decision ? [decision.decidedBy, decision.confirmedBy] : []));
  const officerIds = [...new Set([application.assigned_officer, ...decisionBy, ...events.map((event) => (event.actor.startsWith('officer:') ? event.actor.slice(8) : null))])].filter(
    (id): id is string => !!id,
  );
  const names = new Map<string, string>(
    officerIds.length ? (await officersTable(deps.db).whereIn('id', officerIds).select('id', 'name')).map((row) => [row.id, row.name]) : [],
  );
  const today = todayInBaku(deps.clock());
  const reader = readerOf(res);
  const base = `${BASE}/cases/${application.reference}`;
  return {
    application,
    base,
    serviceName: t(`services:services.${application.service_id}.name`),
    status: t(`backoffice:statuses.${application.status}`),
    citizenship: countryName(application.citizenship, lang) ?? application.citizenship,
    submitted: formatDateTime(application.submitted_at, lang),
    due: formatDate(application.legal_due_date),
    left: timeLeft(t, application.status, application.legal_due_date, today)?.text,
    fee: application.fee_amount === null ? undefined : formatMoney(Number(application.fee_amount)),
    speed: application.speed ? t(`services:speeds.${application.speed}`) : undefined,
    assignee: application.assigned_officer ? (names.get(application.assigned_officer) ?? '') : undefined,
    actions: availableActions(deps, application, officer),
    decision: decisionView(application.decision ?? application.proposed_decision, findService(application.service_id), names, res),
    pending: !application.decision && !!application.proposed_decision,
    permitNumber: application.permit_number,
    decisionDocuments: application.decision && application.decided_at
      ? LANGUAGES.map((language) => ({ language, href: `/decisions/${decisionToken(deps.decisionTokenKey, application.id, deps.clock())}.pdf?lang=${language}` }))
      : undefined,
    pausedDays: application.paused_days,
    requests: requests.map((request) => ({
      when: formatDateTime(request.requested_at, lang),
      message: request.message,
      documents: request.documents.map((id) => t(`services:documents.${id}`)),
      answered: request.answered_at ? formatDateTime(request.answered_at, lang) : undefined,
      // Answered through the portal: what the applicant wrote (perhaps nothing) and the files sent with it.
      replied: request.reply !== null,
      reply: request.reply ?? '',
      replyDocuments: documents.filter((document) => document.information_request_id === request.id).map((document) => document.display_name),
    })),
    // So the officer knows the applicant was not told, and reaches them another way.
    undeliverableMail: lostMail.map((mail) => t(`backoffice:case.mailUndeliverable.${mail.reason}`, { ...mail, date: formatDate(todayInBaku(mail.queuedAt)) })),
    permitRevoked: application.permit_revoked_at ? formatDateTime(application.permit_revoked_at, lang) : undefined,
    cards: renderApplicationAnswers(application, reader),
    documents: documents.map((document) => ({
      name: document.display_name,
      kind: t(`backoffice:case.documentKinds.${document.media_type.split('/')[1]}`),
      size: formatSize(document.size_bytes, reader),
      viewHref: `${base}/documents/${document.id}`,
      downloadHref: `${base}/documents/${document.id}?download=1`,
      notScanned: document.scan_verdict === 'not-scanned',
    })),
    unscannedDocuments: documents.some((document) => document.scan_verdict === 'not-scanned'),
    events: events.map((event) => ({
      when: formatDateTime(event.created_at, lang),
      who: actorName(event.actor, names, t),
      what: t(`backoffice:case.events.${event.kind}`, {
        status: event.to_status ? t(`backoffice:statuses.${event.to_status}`) : '',
        officer: typeof event.details.officer === 'string' ? (names.get(event.details.officer) ?? '') : '',
      }),
    })),
  };
}

export async function showCase(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const application = await caseFor(deps, req, res);
  if (!application) return;
  const officer = officerOf(res);
  await audit(deps.db, req, { action: 'case-viewed', officerId: officer.id, applicationId: application.id });
  res.render('backoffice/case.njk', { ...(await caseModel(deps, res, application, officer)), done: typeof req.query.done === 'string' ? req.query.done : undefined });
}
