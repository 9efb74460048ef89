import type { Request, Response } from 'express';
import type { DocumentRequirement, ServiceDefinition } from '../../catalogue/types.js';
import type { ApplicationRow, InformationRequestRow } from '../../db/tables.js';
import { contentDisposition } from '../../documents/names.js';
import { applicationDocuments, refOf, type DocumentRow } from '../../documents/repository.js';
import type { Accepted } from '../../documents/upload.js';
import { resumeClock } from '../../backoffice/decisions/decision.js';
import type { FormDeps } from '../../forms/context.js';
import { todayInBaku } from '../../time/calendar.js';
import { isUuid } from '../../forms/drafts.js';
import { file, longText } from '../../forms/fields/index.js';
import type { FileField } from '../../forms/fields/file.js';
import type { FieldError, RawStep } from '../../forms/model.js';
import { fileToRemove, saveSession } from '../../forms/pages/step-page.js';
import { readFields, validateFields } from '../../forms/steps/question.js';
import { formatDateTime } from '../../i18n/format.js';
import { formModel } from '../fields.js';
import { openRequest, serviceOf } from './page.js';
import { trackedApplication } from './session.js';
import { fieldsOf } from '../../http/fields.js';

/** Whatever else the applicant sends that the request did not name: the officer's message may ask for more than the list. */
export const OTHER_DOCUMENTS: DocumentRequirement = { id: 'otherDocuments', required: false, types: ['pdf', 'jpeg', 'png'], maxSizeMb: 5, maxFiles: 5 };

/** As long as any long answer: short limits make people leave things out. */
const REPLY_LENGTH = 5000;
export const REPLY_TEXT = longText('reply', { optional: true, maxLength: REPLY_LENGTH, rows: 8 });

/** Codes the reply gives beyond its fields' own. */
export const REPLY_CODES = ['replyEmpty'] as const;

export const REPLY_SCOPE = { service: 'tracking', step: 'reply', namespace: 'tracking' };

/** A reply's text reaches 5,000 characters of up to 4 bytes each in a multipart body. */
export const REPLY_FIELD_BYTES = 4 * REPLY_LENGTH + 1024;

/** Each document the officer asked for, with the service's own rules for it, then any other document. */
function replyFileFields(service: ServiceDefinition, request: Pick<InformationRequestRow, 'documents'>): FileField[] {
  const asked = request.documents.flatMap((id) => service.documents.filter((document) => document.id === id));
  return [...asked.map((document) => file(document, { optional: false })), file(OTHER_DOCUMENTS, { optional: true })];
}

/** Files sent with an answer are kept under this step, one per request, so each answer counts its own files. */
function replyStep(request: Pick<InformationRequestRow, 'id'>): string {
  return `reply:${request.id}`;
}

/** The files uploaded for an answer not yet sent. */
async function pendingFiles(deps: FormDeps, request: Pick<InformationRequestRow, 'id'>): Promise<DocumentRow[]> {
  return deps.db('documents').where({ information_request_id: request.id }).whereNull('application_id').orderBy('created_at').select('*');
}

interface ReplyContext {
  application: ApplicationRow;
  service: ServiceDefinition;
  request: InformationRequestRow;
  fields: FileField[];
}

/** The application this session follows, while it waits for an answer to a request; undefined otherwise. */
export async function replyContext(deps: FormDeps, req: Request): Promise<ReplyContext | undefined> {
  const application = await trackedApplication(deps.db, req);
  if (!application || application.status !== 'awaiting_applicant') return undefined;
  const request = await openRequest(deps.db, application.id);
  if (!request) return undefined;
  const service = serviceOf(application);
  return { application, service, request, fields: replyFileFields(service, request) };
}

function renderReply(res: Response, context: ReplyContext, pending: DocumentRow[], typed: string, errors: FieldError[]): void {
  const raw: RawStep = { reply: typed };
  for (const row of pending) raw[row.field] = [...((raw[row.field] as unknown[] | undefined) ?? []), refOf(row)];
  const { t, lang } = res.locals;
  res
    .status(errors.length ? 400 : 200)
    .set('Cache-Control', 'no-store')
    .render('lookups/track-reply.njk', {
      ...formModel(res, REPLY_SCOPE, [...context.fields, REPLY_TEXT], raw, errors),
      request: {
        id: context.request.id,
        message: context.request.message,
        documents: context.request.documents.map((id) => t(`services:documents.${id}`)),
        when: formatDateTime(context.request.requested_at, lang),
        replyBy: res.locals.formatDate(context.request.reply_by),
      },
      reference: context.application.reference,
      serviceName: t(`services:services.${context.application.service_id}.name`),
    });
}

export async function showReply(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const context = await replyContext(deps, req);
  if (!context) return res.redirect(303, '/track');
  const typed = req.session.tracking?.replies?.[context.request.id] ?? '';
  renderReply(res, context, await pendingFiles(deps, context.request), typed, []);
}

async function rememberTyped(req: Request, requestId: string, typed: string): Promise<void> {
  const tracking = req.session.tracking;
  if (!tracking) return;
  tracking.replies = typed ? { [requestId]: typed } : {};
  await saveSession(req);
}

/**
 * One page, three things: upload a file (each checked by its bytes, its size and the count and
 * weight allowed, as on any form), remove one, or send the answer. Sending is one transaction: the
 * files chosen with it stored, every file of the answer joined to the application, the answer
 * kept, the case back in review with the legal clock running again (the days it stood still added
 * to the due date), and both events on the timeline. The form names the request it answers, so a
 * second click, or an old copy of the page after a new request, sends nothing twice.
 */
export async function submitReply(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const context = await replyContext(deps, req);
  const body = fieldsOf(req.body);
  if (!context || body.request !== context.request.id) return res.redirect(303, '/track');
  const { application, service, request, fields } = context;
  const action = typeof body.action === 'string' ? body.action : 'send';
  const pending = await pendingFiles(deps, request);
  const existing = [...(await applicationDocuments(deps.db, application.id)), ...pending];
  const checked = await deps.uploads.receive(req, fields, { service: service.id, stepId: replyStep(request), applicationId: application.id, existing });
  const errors: FieldError[] = [...checked.errors];

  const raw = readFields([REPLY_TEXT], body);
  const typed = typeof raw.reply === 'string' ? raw.reply : '';
  const text = validateFields([REPLY_TEXT], raw, { today: todayInBaku(deps.clock()), answers: {} });
  const reply = text.ok && typeof text.values.reply === 'string' ? text.values.reply : '';

  if (action === 'send') {
    if (!text.ok) errors.push(...text.errors);
    else if (!reply && !pending.length && !checked.accepted.length && !errors.length) errors.push({ field: 'reply', code: 'replyEmpty' });
    if (!errors.length) {
      const sent = await sendReply(deps, application.id, service, request, reply, checked.accepted);
      deps.uploads.done(req);
      if (req.session.tracking) delete req.session.tracking.replies;
      await saveSession(req);
      return res.redirect(303, sent ? '/track?done=reply' : '/track');
    }
  }
  // Not sent (an upload, a removal, or a send with something to put right): files that passed are kept all the same.
  const owner = { informationRequestId: request.id };
  if (checked.accepted.length) await deps.uploads.store(deps.db, owner, replyStep(request), checked.accepted);
  deps.uploads.done(req);
  const removing = fileToRemove(action);
  if (removing) await deps.db.transaction((trx) => deps.uploads.remove(trx, owner, removing));
  await rememberTyped(req, request.id, typed);
  if (errors.length) return renderReply(res, context, await pendingFiles(deps, request), typed, errors);
  res.redirect(303, '/track/reply');
}

/** False when the request was answered meanwhile (a second click, another tab): nothing is sent twice. */
async function sendReply(
  deps: FormDeps,
  applicationId: string,
  service: ServiceDefinition,
  request: InformationRequestRow,
  reply: string,
  accepted: readonly Accepted[],
): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    const application = (await trx('applications').where({ id: applicationId }).forUpdate().first())!;
    const current = application.status === 'awaiting_applicant' ? await openRequest(trx, application.id) : undefined;
    if (current?.id !== request.id) return false;
    if (accepted.length) await deps.uploads.store(trx, { informationRequestId: request.id }, replyStep(request), accepted);
    const joined = await trx('documents').where({ information_request_id: request.id }).whereNull('application_id').update({ application_id: application.id }).returning('id');
    await trx('information_requests').where({ id: request.id }).update({ answered_at: trx.fn.now(), reply });
    const { paused, due } = resumeClock(service, application, todayInBaku(deps.clock()));
    await trx('applications')
      .where({ id: application.id })
      .update({ status: 'in_review', paused_since: null, paused_days: application.paused_days + paused, legal_due_date: due, version: application.version + 1, updated_at: trx.fn.now() });
    await trx('application_events').insert({ application_id: application.id, kind: 'status', from_status: 'awaiting_applicant', to_status: 'in_review', actor: 'applicant' });
    await trx('application_events').insert({
      application_id: application.id,
      kind: 'information-sent',
      actor: 'applicant',
      details: { request: request.id, documents: joined.length, pausedDays: paused, due },
    });
    return true;
  });
}

/** A file of the answer being written, to the session that follows the application. */
export async function showReplyFile(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const context = await replyContext(deps, req);
  const id = req.params.file;
  const row = context && isUuid(id) ? (await pendingFiles(deps, context.request)).find((candidate) => candidate.id === id) : undefined;
  const bytes = row ? await deps.storage.get(row.storage_key) : undefined;
  if (!row || !bytes) return res.status(404).render('errors/not-found.njk');
  res.set({ 'Cache-Control': 'no-store', 'Content-Type': row.media_type, 'Content-Disposition': contentDisposition(row.display_name), 'Content-Length': String(bytes.length) });
  res.end(bytes);
}
