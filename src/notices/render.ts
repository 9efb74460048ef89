import nunjucks from 'nunjucks';
import type { i18n, TFunction } from 'i18next';
import { trackLink, type OpenTarget } from '../applications/links.js';
import { formatReference } from '../applications/reference.js';
import { findService } from '../catalogue/index.js';
import { decisionRules, reasonWithBasis } from '../catalogue/decisions.js';
import { appealText } from '../catalogue/legal.js';
import type { RefusalReasonId } from '../catalogue/types.js';
import { todayInBaku } from '../time/calendar.js';
import { formatDate, formatDateTime, formatMoney } from '../i18n/format.js';
import { DASH, type Language } from '../i18n/languages.js';
import { UNPAID_FEE_CANCELS } from '../payments/fees.js';
import { groupedPaymentNumber } from '../payments/numbers.js';
import { VIEWS_DIR } from '../paths.js';
import { formatDayWithWeekday } from '../visits/format.js';
import { officeAddress, officeName } from '../visits/model.js';
import type { NoticeKind } from '../db/tables.js';

interface MailAction {
  text: string;
  /** Absolute, on BASE_URL, in the mail's language. */
  href: string;
}

/** A mail as its two templates draw it: the same words as plain text and as HTML. */
interface NoticeContent {
  subject: string;
  paragraphs: string[];
  facts: { label: string; value: string }[];
  quote?: { title: string; text: string };
  list?: { title: string; items: string[] };
  /** What to do next, each a link; the first is the main one. */
  actions: MailAction[];
  closing: string[];
}

interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

export interface Renderer {
  render: (notice: { kind: NoticeKind; language: Language; data: Record<string, unknown> }) => RenderedNotice;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** What every mail's words are made with. */
interface Context {
  t: TFunction;
  language: Language;
  data: Record<string, unknown>;
  serviceName: string;
  /** The reference as every page writes it, with dashes; empty for a mail about no application. */
  reference: string;
  /** Service, reference and name: which application the mail is about. */
  facts: NoticeContent['facts'];
  closing: string[];
  /** A path of the portal as an absolute link in the mail's language. */
  link: (path: string) => string;
  /** The application's tracking page, or a target opened through it once the application is found. */
  track: (target?: OpenTarget) => MailAction;
}

function submitted(c: Context): NoticeContent {
  const { t } = c;
  return {
    subject: t('emails:submitted.subject', { reference: c.reference }),
    paragraphs: [t('emails:submitted.body'), t('emails:submitted.next'), t('emails:submitted.receipt')],
    facts: c.facts,
    actions: [{ ...c.track('receipt'), text: t('emails:links.receipt') }, c.track()],
    closing: c.closing,
  };
}

function informationRequested(c: Context): NoticeContent {
  const { t, data } = c;
  const documents = Array.isArray(data.documents) ? data.documents.map((id) => t(`services:documents.${str(id)}`)) : [];
  // Rows queued before the day to answer by was kept have none: they say how to answer, not by when.
  const replyBy = data.replyBy ? formatDate(str(data.replyBy), c.language) : undefined;
  return {
    subject: t('emails:informationRequested.subject', { reference: c.reference }),
    paragraphs: [
      t('emails:informationRequested.body'),
      replyBy ? t('emails:informationRequested.answerBy', { date: replyBy }) : t('emails:informationRequested.answerOnline'),
      ...(replyBy ? [t('emails:informationRequested.ifNot')] : []),
      t('emails:informationRequested.clock'),
    ],
    facts: replyBy ? [...c.facts, { label: t('emails:facts.replyBy'), value: replyBy }] : c.facts,
    quote: { title: t('emails:informationRequested.message'), text: str(data.message) },
    list: documents.length ? { title: t('emails:informationRequested.documents'), items: documents } : undefined,
    actions: [{ ...c.track('reply'), text: t('emails:links.reply') }, c.track()],
    closing: c.closing,
  };
}

interface DueFee {
  amount: string;
  paymentNumber: string;
  dueDate: string;
}

function approved(c: Context): NoticeContent {
  const { t, data, language } = c;
  const facts = [...c.facts];
  if (data.validUntil) facts.push({ label: t('emails:facts.validUntil'), value: formatDate(str(data.validUntil), language) });
  const fee = data.fee as DueFee | undefined;
  const paragraphs = [t('emails:approved.body')];
  const actions: MailAction[] = [];
  if (fee) {
    const words = { amount: formatMoney(Number(fee.amount), language), number: groupedPaymentNumber(fee.paymentNumber), date: formatDate(fee.dueDate, language) };
    facts.push({ label: t('emails:facts.feeDue'), value: words.amount }, { label: t('emails:facts.paymentNumber'), value: words.number }, { label: t('emails:facts.payBy'), value: words.date });
    paragraphs.push(t('emails:approved.fee', words), t(UNPAID_FEE_CANCELS.has(str(data.service)) ? 'emails:approved.unpaidCancels' : 'emails:approved.unpaidLate', words));
    actions.push({ text: t('emails:links.pay'), href: c.link(`/payments/${fee.paymentNumber}`) });
  }
  paragraphs.push(t('emails:approved.next'));
  actions.push({ ...c.track('decision'), text: t('emails:links.decision') }, c.track());
  return { subject: t('emails:approved.subject', { reference: c.reference }), paragraphs, facts, actions, closing: c.closing };
}

function refused(c: Context): NoticeContent {
  const { t, data } = c;
  // Each reason with its legal basis, and to whom and within how many days it can be appealed: the catalogue's rules.
  const service = findService(str(data.service))!;
  const reasons = Array.isArray(data.reasons) ? data.reasons.map((id) => reasonWithBasis(t, service, str(id) as RefusalReasonId)) : [];
  return {
    subject: t('emails:refused.subject', { reference: c.reference }),
    paragraphs: [t('emails:refused.body')],
    facts: c.facts,
    list: { title: t('emails:refused.reasons'), items: reasons },
    actions: [{ ...c.track('decision'), text: t('emails:links.decision') }, c.track()],
    closing: [appealText(t, decisionRules(service).appeal), ...c.closing],
  };
}

function paymentReceived(c: Context): NoticeContent {
  const { t, data, language } = c;
  const facts = [...c.facts];
  const amount = Number(data.amount);
  if (Number.isFinite(amount) && data.amount !== undefined) facts.push({ label: t('emails:facts.amount'), value: formatMoney(amount, language) });
  if (data.paymentNumber) facts.push({ label: t('emails:facts.paymentNumber'), value: groupedPaymentNumber(str(data.paymentNumber)) });
  if (data.paidAt) facts.push({ label: t('emails:facts.paidAt'), value: formatDateTime(new Date(str(data.paidAt)), language) });
  return {
    subject: t('emails:paymentReceived.subject', { reference: c.reference }),
    paragraphs: [t('emails:paymentReceived.body'), t('emails:paymentReceived.receipt')],
    facts,
    actions: [{ ...c.track('paymentReceipt'), text: t('emails:links.paymentReceipt') }, c.track()],
    closing: c.closing,
  };
}

function renewalReminder(c: Context): NoticeContent {
  const { t, data, language } = c;
  const rules = decisionRules(findService(str(data.service))!).grants;
  const grants = rules === 'registration' || rules === 'extension' ? rules : 'permit';
  const target = t(`services:services.${str(data.apply)}.name`);
  const ends = formatDate(str(data.validUntil), language);
  const applyBy = formatDate(str(data.applyBy), language);
  const intime = data.late !== true;
  return {
    subject: t(`emails:renewal.subject.${grants}`, { date: ends }),
    paragraphs: [t(`emails:renewal.ends.${grants}`, { date: ends }), t(intime ? 'emails:renewal.applyBy' : 'emails:renewal.tooLate', { service: target, date: applyBy })],
    facts: [...c.facts, { label: t('emails:facts.validUntil'), value: ends }],
    actions: [...(intime ? [{ text: t('emails:renewal.start', { service: target }), href: c.link(`/services/${str(data.apply)}/start`) }] : []), c.track()],
    closing: c.closing,
  };
}

function draftExpiry(c: Context): NoticeContent {
  const { t } = c;
  const date = formatDate(todayInBaku(new Date(str(c.data.expiresAt))), c.language);
  return {
    subject: t('emails:draftExpiry.subject', { date }),
    paragraphs: [t('emails:draftExpiry.body', { service: c.serviceName, date }), t('emails:draftExpiry.keep')],
    facts: c.facts,
    actions: [{ text: t('emails:draftExpiry.continue'), href: c.link('/resume') }],
    closing: c.closing,
  };
}

function resumeCode(c: Context): NoticeContent {
  const { t, data } = c;
  const date = formatDate(todayInBaku(new Date(str(data.expiresAt))), c.language);
  const asks = data.asks === 'documentNumber' ? 'documentNumber' : 'dateOfBirth';
  return {
    subject: t('emails:resumeCode.subject', { service: c.serviceName }),
    paragraphs: [t('emails:resumeCode.body', { service: c.serviceName }), t(`emails:resumeCode.how.${asks}`), t('emails:resumeCode.deleteOn', { date })],
    facts: [...c.facts, { label: t('emails:facts.resumeCode'), value: formatReference(str(data.code)) }],
    actions: [{ text: t('emails:draftExpiry.continue'), href: c.link('/resume') }],
    closing: [t('emails:resumeCode.notYou'), ...c.closing],
  };
}

function visit(kind: 'booked' | 'changed' | 'cancelled', c: Context): NoticeContent {
  const { t, data, language } = c;
  const office = str(data.office);
  const address = officeAddress(office, language);
  const day = formatDayWithWeekday(str(data.day), language);
  const facts = [
    { label: t('queue:summary.purpose'), value: t(`queue:purposes.${str(data.purpose)}`) },
    { label: t('queue:summary.office'), value: address ? `${officeName(office, language)}, ${address}` : officeName(office, language) },
    { label: t('queue:summary.date'), value: day },
    { label: t('queue:summary.time'), value: t('emails:visit.time', { time: str(data.time) }) },
  ];
  if (data.code) facts.unshift({ label: t('emails:facts.bookingCode'), value: formatReference(str(data.code)) });
  const words = { date: day, time: str(data.time) };
  const paragraphs = [t(`emails:visit.${kind}.body`, words), ...(kind === 'cancelled' ? [] : [t('queue:confirmation.bring'), t('emails:visit.keep')])];
  const action =
    kind === 'cancelled'
      ? { text: t('emails:links.bookAgain'), href: c.link(str(data.bookPath)) }
      : { text: t('emails:links.manageVisit'), href: c.link(data.code ? `${str(data.managePath)}?code=${encodeURIComponent(formatReference(str(data.code)))}` : str(data.managePath)) };
  return { subject: t(`emails:visit.${kind}.subject`, words), paragraphs, facts, actions: [action], closing: c.closing };
}

/** The words of each kind of mail; the templates only lay them out. */
function contentOf(kind: NoticeKind, c: Context): NoticeContent {
  switch (kind) {
    case 'submitted':
      return submitted(c);
    case 'information-requested':
      return informationRequested(c);
    case 'decided':
      return c.data.outcome === 'approved' ? approved(c) : refused(c);
    case 'payment-received':
      return paymentReceived(c);
    case 'renewal-reminder':
      return renewalReminder(c);
    case 'draft-expiry':
      return draftExpiry(c);
    case 'resume-code':
      return resumeCode(c);
    case 'visit-booked':
      return visit('booked', c);
    case 'visit-changed':
      return visit('changed', c);
    case 'visit-cancelled':
      return visit('cancelled', c);
  }
}

function contextOf(data: Record<string, unknown>, t: TFunction, language: Language, baseUrl: string, authority: string): Context {
  const service = str(data.service);
  const serviceName = t(`services:services.${service}.name`);
  const raw = str(data.reference);
  const reference = raw ? formatReference(raw) : '';
  const facts: NoticeContent['facts'] = [{ label: t('emails:facts.service'), value: serviceName }];
  if (reference) facts.push({ label: t('emails:facts.reference'), value: reference });
  if (data.name) facts.push({ label: t('emails:facts.name'), value: str(data.name) });
  const link = (path: string) => `${baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
  return {
    t,
    language,
    data,
    serviceName,
    reference,
    facts,
    closing: [t('emails:automatic'), t(`common:authority.${authority}`)],
    link,
    track: (target) => ({ text: t('emails:links.track'), href: trackLink(baseUrl, raw, language, target) }),
  };
}

/**
 * Renders notices from views/emails/notice.html.njk and notice.txt.njk in the person's language.
 * HTML is escaped; plain text is not (it is not HTML), so each template has an environment of its own.
 */
export function createRenderer(options: { i18n: i18n; baseUrl: string; authority: string }): Renderer {
  const html = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), { autoescape: true, throwOnUndefined: false });
  const text = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), { autoescape: false, throwOnUndefined: false });
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  return {
    render: ({ kind, language, data }) => {
      const t = options.i18n.getFixedT(language);
      const content = contentOf(kind, contextOf(data, t, language, baseUrl, options.authority));
      const model = { ...content, lang: language, dash: DASH[language], authorityName: t(`common:authority.${options.authority}`) };
      return {
        subject: content.subject,
        text: text.render('emails/notice.txt.njk', model).replace(/\n{3,}/g, '\n\n').trim() + '\n',
        html: html.render('emails/notice.html.njk', model),
      };
    },
  };
}
