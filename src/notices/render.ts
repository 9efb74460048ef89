import nunjucks from 'nunjucks';
import type { i18n, TFunction } from 'i18next';
import { formatReference } from '../applications/reference.js';
import { findService } from '../catalogue/index.js';
import { decisionRules, reasonWithBasis } from '../catalogue/decisions.js';
import { appealText } from '../catalogue/legal.js';
import type { RefusalReasonId } from '../catalogue/types.js';
import { todayInBaku } from '../forms/dates.js';
import { formatDate, formatMoney } from '../i18n/format.js';
import { DASH, type Language } from '../i18n/languages.js';
import { VIEWS_DIR } from '../paths.js';
import type { NoticeKind } from './outbox.js';

/** A mail as its two templates draw it: the same words as plain text and as HTML. */
export interface NoticeContent {
  subject: string;
  paragraphs: string[];
  facts: { label: string; value: string }[];
  quote?: { title: string; text: string };
  list?: { title: string; items: string[] };
  action?: { text: string; href: string };
  closing: string[];
}

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

export interface Renderer {
  render: (notice: { kind: NoticeKind; language: Language; data: Record<string, unknown> }) => RenderedNotice;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** The words of each kind of mail; the templates only lay them out. */
function contentOf(kind: NoticeKind, data: Record<string, unknown>, t: TFunction, language: Language, baseUrl: string, authority: string): NoticeContent {
  const service = str(data.service);
  const serviceName = t(`services:services.${service}.name`);
  const reference = data.reference ? formatReference(str(data.reference)) : '';
  const facts: NoticeContent['facts'] = [{ label: t('emails:facts.service'), value: serviceName }];
  if (reference) facts.push({ label: t('emails:facts.reference'), value: reference });
  if (data.name) facts.push({ label: t('emails:facts.name'), value: str(data.name) });
  const link = (path: string) => `${baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
  const closing = [t('emails:automatic'), t(`common:authority.${authority}`)];
  switch (kind) {
    case 'submitted':
      return { subject: t('emails:submitted.subject', { reference }), paragraphs: [t('emails:submitted.body'), t('emails:submitted.next')], facts, closing };
    case 'information-requested': {
      const documents = Array.isArray(data.documents) ? data.documents.map((id) => t(`services:documents.${str(id)}`)) : [];
      return {
        subject: t('emails:informationRequested.subject', { reference }),
        paragraphs: [t('emails:informationRequested.body'), t('emails:informationRequested.clock')],
        facts,
        quote: { title: t('emails:informationRequested.message'), text: str(data.message) },
        list: documents.length ? { title: t('emails:informationRequested.documents'), items: documents } : undefined,
        closing: [t('emails:informationRequested.howTo'), ...closing],
      };
    }
    case 'decided': {
      if (data.outcome === 'approved') {
        if (data.validUntil) facts.push({ label: t('emails:facts.validUntil'), value: formatDate(str(data.validUntil), language) });
        return { subject: t('emails:approved.subject', { reference }), paragraphs: [t('emails:approved.body'), t('emails:approved.next')], facts, closing };
      }
      // Each reason with its legal basis, and to whom and within how many days it can be appealed: the catalogue's rules.
      const refused = findService(service)!;
      const reasons = Array.isArray(data.reasons) ? data.reasons.map((id) => reasonWithBasis(t, refused, str(id) as RefusalReasonId)) : [];
      return {
        subject: t('emails:refused.subject', { reference }),
        paragraphs: [t('emails:refused.body')],
        facts,
        list: { title: t('emails:refused.reasons'), items: reasons },
        closing: [appealText(t, decisionRules(refused).appeal), ...closing],
      };
    }
    case 'payment-received': {
      const amount = Number(data.amount);
      if (Number.isFinite(amount) && data.amount !== undefined) facts.push({ label: t('emails:facts.amount'), value: formatMoney(amount, language) });
      return { subject: t('emails:paymentReceived.subject', { reference }), paragraphs: [t('emails:paymentReceived.body')], facts, closing };
    }
    case 'renewal-reminder': {
      const rules = decisionRules(findService(service)!).grants;
      const grants = rules === 'registration' || rules === 'extension' ? rules : 'permit';
      const target = str(data.apply);
      const ends = formatDate(str(data.validUntil), language);
      const applyBy = formatDate(str(data.applyBy), language);
      const intime = data.late !== true;
      facts.push({ label: t('emails:facts.validUntil'), value: ends });
      return {
        subject: t(`emails:renewal.subject.${grants}`, { date: ends }),
        paragraphs: [
          t(`emails:renewal.ends.${grants}`, { date: ends }),
          intime ? t('emails:renewal.applyBy', { service: t(`services:services.${target}.name`), date: applyBy }) : t('emails:renewal.tooLate', { service: t(`services:services.${target}.name`), date: applyBy }),
        ],
        facts,
        action: intime ? { text: t('emails:renewal.start', { service: t(`services:services.${target}.name`) }), href: link(`/services/${target}/start`) } : undefined,
        closing,
      };
    }
    case 'draft-expiry': {
      const date = formatDate(todayInBaku(new Date(str(data.expiresAt))), language);
      return {
        subject: t('emails:draftExpiry.subject', { date }),
        paragraphs: [t('emails:draftExpiry.body', { service: serviceName, date }), t('emails:draftExpiry.keep')],
        facts: [{ label: t('emails:facts.service'), value: serviceName }],
        action: { text: t('emails:draftExpiry.continue'), href: link('/resume') },
        closing,
      };
    }
  }
}

/**
 * Renders notices from views/emails/notice.html.njk and notice.txt.njk in the person's language.
 * HTML is escaped; plain text is not (it is not HTML), so each template has an environment of its own.
 */
export function createRenderer(options: { i18n: i18n; baseUrl: string; authority: string }): Renderer {
  const html = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), { autoescape: true, throwOnUndefined: false });
  const text = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), { autoescape: false, throwOnUndefined: false });
  return {
    render: ({ kind, language, data }) => {
      const t = options.i18n.getFixedT(language);
      const content = contentOf(kind, data, t, language, options.baseUrl.replace(/\/$/, ''), options.authority);
      const model = { ...content, lang: language, dash: DASH[language], authorityName: t(`common:authority.${options.authority}`) };
      return {
        subject: content.subject,
        text: text.render('emails/notice.txt.njk', model).replace(/\n{3,}/g, '\n\n').trim() + '\n',
        html: html.render('emails/notice.html.njk', model),
      };
    },
  };
}
