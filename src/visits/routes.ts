import { Router, type Request, type Response } from 'express';
import { formatReference, normaliseReference } from '../applications/reference.js';
import { identityFields, normaliseDocumentNumber, travelDocumentFields } from '../catalogue/blocks/person.js';
import { onlineQueue } from '../catalogue/services/online-queue.js';
import { readerOf } from '../forms/context.js';
import type { Reader } from '../forms/words.js';
import { email, text } from '../forms/fields/index.js';
import type { FieldError } from '../forms/model.js';
import { saveSession } from '../forms/pages/step-page.js';
import { hashedKey, readQuestion, renderQuestion, type LookupDeps, type LookupQuestion } from '../lookups/page.js';
import { countOrRefuse } from '../security/limits.js';
import { formatDayWithWeekday } from './format.js';
import { CALENDAR_PATH, keepRoutes, PRINT_PATH } from './keep.js';
import { hhmm, isPurpose, officeAddress, officeName, OFFICE_IDS, VISIT_PURPOSES, type BookingRow, type OfficeSettings, type VisitPurpose } from './model.js';
import { bookingNotice } from './notice.js';
import { bookingRows } from './rows.js';
import { book, bookingById, cancelBooking, findBooking, freeDays, moveBooking, officeSettings, openOffices, purposesWithoutOffice, type BookingNotice, type FreeDay } from './repository.js';
import { clientAddress } from '../security/client-address.js';
import { fieldsOf } from '../http/fields.js';

declare module 'express-session' {
  interface SessionData {
    /**
     * The electronic queue: the booking just made (its code shown to this session only) and the
     * booking opened to change or cancel, with the code it was opened with (for its print view).
     */
    visit?: { booked?: { id: string; code: string }; manage?: string; code?: string };
  }
}

const SERVICE = onlineQueue.id;
const SERVICE_PAGE = `/services/${SERVICE}`;
const BOOK_PATH = onlineQueue.usePath!;
const MANAGE_PATH = `${SERVICE_PAGE}/manage`;
const CHANGE_PATH = `${MANAGE_PATH}/change`;

export interface VisitDeps extends LookupDeps {
  /** What a booking made, moved or cancelled writes in its transaction: its mail to the outbox unless given another. */
  notice?: BookingNotice;
}

const [documentNumber] = travelDocumentFields;
const dateOfBirth = identityFields[3];

/** Who the visit is for: fixed once booked, and asked again with the code to change or cancel it. */
export const VISIT_DETAILS: LookupQuestion = {
  service: SERVICE,
  namespace: 'queue',
  page: 'details',
  fields: [documentNumber, dateOfBirth, email('email', { optional: true, autocomplete: 'email', spellcheck: false })],
};
export const VISIT_MANAGE: LookupQuestion = {
  service: SERVICE,
  namespace: 'queue',
  page: 'manage',
  fields: [text('bookingCode', { maxLength: 30, spellcheck: false, width: '20' }), documentNumber],
};

/** The choices, one page each, in order: why, where, which day, what time. */
type Stage = 'purpose' | 'office' | 'date' | 'time';

interface Choice {
  purpose?: VisitPurpose;
  office?: OfficeSettings;
  free?: FreeDay[];
  day?: string;
  time?: string;
}

/** Booking a visit, or moving one already booked (its purpose fixed). */
interface Flow {
  mode: 'book' | 'change';
  base: string;
  purpose?: VisitPurpose;
  /** The choices of the booking being moved, chosen already on each page. */
  current?: Record<string, string>;
}

function param(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

/** Reads the choices made so far, each checked against what is offered now; the first that fails says which page to show again. */
async function resolveChoice(deps: LookupDeps, params: Record<string, unknown>, upTo: Stage, flow: Flow): Promise<{ choice: Choice; failed?: Stage }> {
  const choice: Choice = {};
  const purpose = flow.purpose ?? param(params, 'purpose');
  if (!isPurpose(purpose)) return { choice, failed: 'purpose' };
  choice.purpose = purpose;
  if (upTo === 'purpose') return { choice };
  const officeId = param(params, 'office');
  const office = OFFICE_IDS.includes(officeId) ? await officeSettings(deps.db, officeId) : undefined;
  if (!office?.accepting || !office.purposes.includes(purpose)) return { choice, failed: 'office' };
  choice.office = office;
  if (upTo === 'office') return { choice };
  choice.free = await freeDays(deps.db, office, deps.clock());
  const free = choice.free.find((candidate) => candidate.day === param(params, 'date'));
  if (!free) return { choice, failed: 'date' };
  choice.day = free.day;
  if (upTo === 'date') return { choice };
  if (!free.times.includes(param(params, 'time'))) return { choice, failed: 'time' };
  choice.time = param(params, 'time');
  return { choice };
}

function query(values: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => !!entry[1])).toString();
  return search ? `?${search}` : '';
}

/** What each page's form carries of the choices before it. */
function carried(flow: Flow, choice: Choice, upTo: Stage): Record<string, string> {
  const values: Record<string, string> = {};
  if (flow.mode === 'book' && choice.purpose) values.purpose = choice.purpose;
  if (upTo !== 'office' && choice.office) values.office = choice.office.office_id;
  if (upTo === 'time' && choice.day) values.date = choice.day;
  return values;
}

/** The page each choice's form leads to. */
const NEXT_PAGE: Record<Stage, string> = { purpose: 'office', office: 'date', date: 'time', time: 'details' };

interface RadioItem {
  value: string;
  text: string;
  hint?: { text: string };
}

/** One choice's page: its radios built from what is offered now (no script needed), sent on by a GET, or by a POST where it changes a booking. */
async function renderStage(deps: LookupDeps, res: Response, flow: Flow, stage: Stage, choice: Choice, params: Record<string, unknown>, error?: { code: string; status: number }): Promise<void> {
  const reader = readerOf(res);
  const { t } = reader;
  let items: RadioItem[] = [];
  const hidden = carried(flow, choice, stage);
  let next = `${flow.base}/${NEXT_PAGE[stage]}`;
  let back = SERVICE_PAGE;
  let method = 'get';
  let empty: { text: string; href: string; link: string } | undefined;
  let noBookings: NoBookings | undefined;
  if (stage === 'purpose') {
    // A purpose no office takes bookings for is not offered, and the page says so, with whom to call instead.
    const closed = await purposesWithoutOffice(deps.db);
    items = VISIT_PURPOSES.filter((purpose) => !closed.includes(purpose)).map((purpose) => ({ value: purpose, text: t(`queue:purposes.${purpose}`), hint: { text: t(`queue:purposeHints.${purpose}`) } }));
    noBookings = noBookingsView(t, closed);
  } else if (stage === 'office') {
    const offices = await openOffices(deps.db, choice.purpose!);
    items = OFFICE_IDS.filter((id) => offices.some((office) => office.office_id === id)).map((id) => {
      const address = officeAddress(id, reader.lang);
      return { value: id, text: officeName(id, reader.lang), ...(address ? { hint: { text: address } } : {}) };
    });
    back = flow.mode === 'book' ? `${BOOK_PATH}${query({ purpose: choice.purpose })}` : `${MANAGE_PATH}/booking`;
    // Closed since the purpose was chosen (or an old link): said as the purpose page would have said it.
    if (!items.length) noBookings = noBookingsView(t, [choice.purpose!]);
  } else if (stage === 'date') {
    const free = choice.free ?? (await freeDays(deps.db, choice.office!, deps.clock()));
    items = free.map((day) => ({ value: day.day, text: formatDayWithWeekday(day.day, reader.lang), hint: { text: t('queue:choose.date.times', { count: day.times.length }) } }));
    back = `${flow.base}${flow.mode === 'book' ? '/office' : ''}${query({ purpose: flow.mode === 'book' ? choice.purpose : undefined, office: choice.office!.office_id })}`;
    empty = { text: t('queue:choose.date.empty', { count: choice.office!.days_ahead }), href: back, link: t('queue:choose.date.emptyLink') };
  } else {
    const free = (choice.free ?? (await freeDays(deps.db, choice.office!, deps.clock()))).find((day) => day.day === choice.day);
    items = (free?.times ?? []).map((time) => ({ value: time, text: time }));
    back = `${flow.base}/date${query({ ...carried(flow, choice, 'date'), date: choice.day })}`;
    empty = { text: t('queue:choose.time.empty'), href: back, link: t('queue:choose.time.emptyLink') };
    if (flow.mode === 'change') {
      next = flow.base;
      method = 'post';
    }
  }
  const name = stage;
  const chosen = param(params, name) || flow.current?.[name] || '';
  const title = stage === 'date' ? t('queue:choose.date.title', { office: officeName(choice.office!.office_id, reader.lang) }) : stage === 'time' ? t('queue:choose.time.title', { date: formatDayWithWeekday(choice.day!, reader.lang) }) : t(`queue:choose.${stage}.title`);
  const errorText = error ? t(`queue:choose.${stage}.errors.${error.code}`) : undefined;
  res
    .status(error?.status ?? 200)
    .set('Cache-Control', 'no-store')
    .render('visits/choose.njk', {
      serviceName: t(`services:services.${SERVICE}.name`),
      title,
      backHref: back,
      action: next,
      method,
      hidden,
      empty: items.length ? undefined : empty,
      noBookings,
      errorList: errorText ? [{ text: errorText, href: `#${name}` }] : [],
      radios: {
        name,
        idPrefix: name,
        fieldset: { legend: { text: title, isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
        hint: stage === 'purpose' || stage === 'time' ? { text: t(`queue:choose.${stage}.hint`) } : undefined,
        errorMessage: errorText ? { text: errorText, visuallyHiddenText: t('common:errorPrefix') } : undefined,
        items: items.map((item) => ({ ...item, checked: item.value === chosen })),
        classes: items.length > 6 ? 'govuk-radios--small' : undefined,
      },
      button: flow.mode === 'change' && stage === 'time' ? t('queue:change.button') : t('forms:continue'),
    });
}

/** What views/visits/no-bookings.njk says: no office takes bookings at all, or not for these purposes. */
interface NoBookings {
  all: boolean;
  purposes: string[];
}

function noBookingsView(t: Reader['t'], closed: readonly VisitPurpose[]): NoBookings | undefined {
  return closed.length ? { all: closed.length === VISIT_PURPOSES.length, purposes: closed.map((purpose) => t(`queue:purposes.${purpose}`)) } : undefined;
}

/** What the queue's service page shows from the database, before anyone chooses: the purposes no office takes bookings for. */
export function queueServicePage(deps: Pick<LookupDeps, 'db'>): (locals: { t: Reader['t'] }) => Promise<{ noBookings?: NoBookings }> {
  return async ({ t }) => ({ noBookings: noBookingsView(t, await purposesWithoutOffice(deps.db)) });
}

/** The queue's service page, whose notice changes with the offices: rendered for each request, never kept. */
export const QUEUE_SERVICE_ID = SERVICE;

const STAGES: readonly Stage[] = ['purpose', 'office', 'date', 'time'];

/** A choice page: the one before must be answered; if it is not (or no longer offered), that page again, saying so. */
function stagePage(deps: LookupDeps, stage: Stage, flowOf: (req: Request, res: Response) => Promise<Flow | undefined>) {
  return async (req: Request, res: Response): Promise<void> => {
    const flow = await flowOf(req, res);
    if (!flow) return;
    const params = req.query;
    const before = STAGES[STAGES.indexOf(stage) - 1];
    if (!before) return renderStage(deps, res, flow, stage, {}, params);
    const { choice, failed } = await resolveChoice(deps, params, before, flow);
    if (failed) return renderStage(deps, res, flow, failed, choice, params, { code: 'required', status: 400 });
    await renderStage(deps, res, flow, stage, choice, params);
  };
}

const bookFlow = async (): Promise<Flow> => ({ mode: 'book', base: BOOK_PATH });

/** The booking opened with its code in this session, still to come; otherwise back to opening one. */
async function managedBooking(deps: LookupDeps, req: Request, res: Response): Promise<BookingRow | undefined> {
  const id = req.session.visit?.manage;
  const booking = id ? await bookingById(deps.db, id, deps.clock()) : undefined;
  if (!booking) res.redirect(303, MANAGE_PATH);
  return booking;
}

function changeFlow(deps: LookupDeps) {
  return async (req: Request, res: Response): Promise<Flow | undefined> => {
    const booking = await managedBooking(deps, req, res);
    return booking ? { mode: 'change', base: CHANGE_PATH, purpose: booking.purpose, current: { office: booking.office_id, date: booking.day, time: hhmm(booking.starts) } } : undefined;
  };
}

function renderDetails(res: Response, choice: Choice, options: { raw?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {}): void {
  const reader = readerOf(res);
  const chosen = { purpose: choice.purpose!, office: choice.office!.office_id, day: choice.day!, time: choice.time! };
  const params = { purpose: chosen.purpose, office: chosen.office, date: chosen.day, time: chosen.time };
  renderQuestion(res, VISIT_DETAILS, {
    action: `${BOOK_PATH}/details`,
    backHref: `${BOOK_PATH}/time${query(params)}`,
    raw: options.raw,
    errors: options.errors,
    status: options.status,
    template: 'visits/details.njk',
    model: {
      hidden: params,
      rows: bookingRows(reader, chosen, {
        purpose: `${BOOK_PATH}${query({ purpose: chosen.purpose })}`,
        office: `${BOOK_PATH}/office${query({ purpose: chosen.purpose, office: chosen.office })}`,
        date: `${BOOK_PATH}/date${query({ purpose: chosen.purpose, office: chosen.office, date: chosen.day })}`,
        time: `${BOOK_PATH}/time${query(params)}`,
      }),
    },
  });
}

/** A day or time sent that is no longer free was taken meanwhile (409); anything else was not chosen (400). */
function takenOrMissing(failed: Stage, params: Record<string, unknown>): { code: string; status: number } {
  return (failed === 'date' || failed === 'time') && param(params, failed) ? { code: 'taken', status: 409 } : { code: 'required', status: 400 };
}

/** Counts a booking made or moved from this address. */
function countBooking(deps: LookupDeps, req: Request): Promise<void> {
  return countOrRefuse(deps.db, [{ key: `visitBooking:ip:${clientAddress(req)}`, limit: deps.limits.visitBookingPerAddress }]);
}

export function visitRoutes(given: VisitDeps): Router {
  const deps: VisitDeps = { ...given, notice: given.notice ?? bookingNotice({ manage: MANAGE_PATH, book: BOOK_PATH }) };
  const router = Router();
  const noCache = (_req: Request, res: Response, next: () => void) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  router.use([BOOK_PATH, MANAGE_PATH], noCache);

  router.get(BOOK_PATH, stagePage(deps, 'purpose', bookFlow));
  router.get(`${BOOK_PATH}/office`, stagePage(deps, 'office', bookFlow));
  router.get(`${BOOK_PATH}/date`, stagePage(deps, 'date', bookFlow));
  router.get(`${BOOK_PATH}/time`, stagePage(deps, 'time', bookFlow));

  router.get(`${BOOK_PATH}/details`, async (req, res) => {
    const flow = await bookFlow();
    const params = req.query;
    const { choice, failed } = await resolveChoice(deps, params, 'time', flow);
    if (failed) return renderStage(deps, res, flow, failed, choice, params, { code: 'required', status: 400 });
    renderDetails(res, choice);
  });

  router.post(`${BOOK_PATH}/details`, deps.csrf, async (req, res) => {
    const flow = await bookFlow();
    const params = fieldsOf(req.body);
    const { choice, failed } = await resolveChoice(deps, params, 'time', flow);
    // The time was free when chosen and is not now: someone took its last seat (or the day's last) meanwhile.
    if (failed) return renderStage(deps, res, flow, failed, choice, params, takenOrMissing(failed, params));
    const { raw, values, errors } = readQuestion(VISIT_DETAILS, req, deps.clock());
    if (!values) return renderDetails(res, choice, { raw, errors });
    await countBooking(deps, req);
    const result = await book(
      deps.db,
      {
        officeId: choice.office!.office_id,
        purpose: choice.purpose!,
        day: choice.day!,
        starts: choice.time!,
        documentNumber: normaliseDocumentNumber(String(values.documentNumber)),
        dateOfBirth: String(values.dateOfBirth),
        language: readerOf(res).lang,
        email: values.email ? String(values.email) : undefined,
      },
      deps.clock(),
      deps.notice,
    );
    if (!result.ok && result.reason === 'alreadyBooked') return renderDetails(res, choice, { raw, errors: [{ field: 'documentNumber', code: 'alreadyBooked' }], status: 409 });
    if (!result.ok) return renderStage(deps, res, flow, 'time', { ...choice, free: undefined }, {}, { code: 'taken', status: 409 });
    req.session.visit = { booked: { id: result.booking.id, code: result.code } };
    await saveSession(req);
    res.redirect(303, `${BOOK_PATH}/confirmation`);
  });

  router.get(`${BOOK_PATH}/confirmation`, async (req, res) => {
    const booked = req.session.visit?.booked;
    const booking = booked ? await bookingById(deps.db, booked.id, deps.clock()) : undefined;
    if (!booked || !booking) return res.redirect(303, BOOK_PATH);
    const reader = readerOf(res);
    res.render('visits/confirmation.njk', {
      serviceName: reader.t(`services:services.${SERVICE}.name`),
      code: formatReference(booked.code),
      rows: bookingRows(reader, { purpose: booking.purpose, office: booking.office_id, day: booking.day, time: hhmm(booking.starts) }),
      manageHref: MANAGE_PATH,
      printHref: PRINT_PATH,
      calendarHref: CALENDAR_PATH,
      mailedTo: booking.email,
    });
  });

  // The link in a booking's mail fills in its code; the document number is still asked.
  router.get(MANAGE_PATH, (req, res) =>
    renderQuestion(res, VISIT_MANAGE, { action: MANAGE_PATH, backHref: SERVICE_PAGE, raw: typeof req.query.code === 'string' ? { bookingCode: req.query.code.slice(0, 30) } : undefined }),
  );

  router.post(MANAGE_PATH, deps.csrf, async (req, res) => {
    const { raw, values, errors } = readQuestion(VISIT_MANAGE, req, deps.clock());
    if (!values) return renderQuestion(res, VISIT_MANAGE, { action: MANAGE_PATH, backHref: SERVICE_PAGE, raw, errors });
    // Counted under the code as it would be looked up (O read as 0, I and L as 1), so spellings of one code count together.
    const typed = String(values.bookingCode);
    const code = normaliseReference(typed) ?? typed.toUpperCase().replace(/[^0-9A-Z]/g, '');
    await countOrRefuse(deps.db, [
      { key: `visitLookup:ip:${clientAddress(req)}`, limit: deps.limits.visitLookupPerAddress },
      { key: `visitLookup:code:${hashedKey('visit-code', code)}`, limit: deps.limits.visitLookupPerCode },
    ]);
    // An unknown code, a mistyped one and another person's document number get the very same answer.
    const booking = await findBooking(deps.db, code, normaliseDocumentNumber(String(values.documentNumber)), deps.clock());
    if (!booking) return renderQuestion(res, VISIT_MANAGE, { action: MANAGE_PATH, backHref: SERVICE_PAGE, raw, errors: [{ field: 'bookingCode', code: 'noMatch' }] });
    // A new session id for whoever proved they hold the booking; the forms they have begun stay theirs.
    const drafts = req.session.drafts;
    await new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
    req.session.drafts = drafts;
    req.session.visit = { manage: booking.id, code };
    await saveSession(req);
    res.redirect(303, `${MANAGE_PATH}/booking`);
  });

  router.get(`${MANAGE_PATH}/booking`, async (req, res) => {
    const booking = await managedBooking(deps, req, res);
    if (!booking) return;
    const reader = readerOf(res);
    res.render('visits/booking.njk', {
      serviceName: reader.t(`services:services.${SERVICE}.name`),
      done: req.query.done === 'changed',
      rows: bookingRows(reader, { purpose: booking.purpose, office: booking.office_id, day: booking.day, time: hhmm(booking.starts) }),
      changeHref: CHANGE_PATH,
      cancelHref: `${MANAGE_PATH}/cancel`,
      printHref: PRINT_PATH,
      calendarHref: CALENDAR_PATH,
    });
  });

  const change = changeFlow(deps);
  router.get(CHANGE_PATH, stagePage(deps, 'office', change));
  router.get(`${CHANGE_PATH}/date`, stagePage(deps, 'date', change));
  router.get(`${CHANGE_PATH}/time`, stagePage(deps, 'time', change));
  router.post(CHANGE_PATH, deps.csrf, async (req, res) => {
    const flow = await change(req, res);
    if (!flow) return;
    const params = fieldsOf(req.body);
    const { choice, failed } = await resolveChoice(deps, params, 'time', flow);
    if (failed) return renderStage(deps, res, flow, failed, choice, params, takenOrMissing(failed, params));
    await countBooking(deps, req);
    const moved = await moveBooking(deps.db, req.session.visit!.manage!, { officeId: choice.office!.office_id, day: choice.day!, starts: choice.time! }, deps.clock(), deps.notice);
    if (moved === 'gone') return res.redirect(303, MANAGE_PATH);
    if (moved !== 'moved') return renderStage(deps, res, flow, 'time', { ...choice, free: undefined }, {}, { code: 'taken', status: 409 });
    res.redirect(303, `${MANAGE_PATH}/booking?done=changed`);
  });

  router.get(`${MANAGE_PATH}/cancel`, async (req, res) => {
    const booking = await managedBooking(deps, req, res);
    if (!booking) return;
    const reader = readerOf(res);
    res.render('visits/cancel.njk', {
      serviceName: reader.t(`services:services.${SERVICE}.name`),
      rows: bookingRows(reader, { purpose: booking.purpose, office: booking.office_id, day: booking.day, time: hhmm(booking.starts) }),
      action: `${MANAGE_PATH}/cancel`,
      backHref: `${MANAGE_PATH}/booking`,
    });
  });

  router.post(`${MANAGE_PATH}/cancel`, deps.csrf, async (req, res) => {
    const booking = await managedBooking(deps, req, res);
    if (!booking) return;
    await cancelBooking(deps.db, booking.id, deps.clock(), deps.notice);
    req.session.visit = {};
    await saveSession(req);
    res.redirect(303, `${MANAGE_PATH}/cancelled`);
  });

  router.get(`${MANAGE_PATH}/cancelled`, (_req, res) => {
    res.render('visits/cancelled.njk', { serviceName: readerOf(res).t(`services:services.${SERVICE}.name`), bookHref: BOOK_PATH });
  });

  router.use(keepRoutes(deps, { whenNone: MANAGE_PATH }));
  return router;
}

/** The paths the queue's forms post to (for the method guard's `Allow`). */
export function visitsAcceptPost(path: string): boolean {
  return [`${BOOK_PATH}/details`, MANAGE_PATH, CHANGE_PATH, `${MANAGE_PATH}/cancel`].includes(path);
}
