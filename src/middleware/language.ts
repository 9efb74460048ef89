import type { IncomingMessage, ServerResponse } from 'node:http';
import accepts from 'accepts';
import type { RequestHandler } from 'express';
import type { i18n, TFunction } from 'i18next';
import { formatDate, formatMoney } from '../i18n/format.js';
import { translator } from '../i18n/i18n.js';
import { DASH, isLanguage, LANGUAGES, type Language } from '../i18n/languages.js';
import { askedLanguage, languageForBrowser } from '../i18n/negotiate.js';

const LANGUAGE_COOKIE = 'lang';
const LANGUAGE_COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([^;]*)`);
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

declare module 'express-serve-static-core' {
  interface Request {
    language: Language;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      t: TFunction;
      lang: Language;
      formatDate: (value: string | Date) => string;
      formatMoney: (amount: number) => string;
      dash: string;
    }
  }
}

/**
 * The page URL with `lang` set to another language; everything else of the address kept. Never
 * throws on an odd address (`//[`), and never starts with `//`, which a browser would read as
 * another host.
 */
function urlInLanguage(originalUrl: string, language: Language): string {
  const question = originalUrl.indexOf('?');
  const path = (question < 0 ? originalUrl : originalUrl.slice(0, question)).replace(/^\/+/, '/');
  const query = new URLSearchParams(question < 0 ? '' : originalUrl.slice(question + 1));
  query.set('lang', language);
  return `${path.startsWith('/') ? path : `/${path}`}?${query.toString()}`;
}

/** The language cookie, read from the header as it is: a cookie's value is never parsed as JSON. */
function languageCookie(header: string | undefined): string | undefined {
  return header ? LANGUAGE_COOKIE_VALUE.exec(header)?.[1] : undefined;
}

/** The `lang` of an address's query, read without Express, so the pages served before it can use it. */
function languageInQuery(url: string | undefined): Language | undefined {
  const question = url?.indexOf('?') ?? -1;
  return question < 0 ? undefined : askedLanguage(new URLSearchParams(url!.slice(question + 1)).get('lang'));
}

/** ?lang= (remembered in a cookie), else the cookie, else Accept-Language (see languageForBrowser). */
export function chooseLanguage(req: IncomingMessage): { language: Language; asked: boolean } {
  const asked = languageInQuery(req.url);
  if (asked) return { language: asked, asked: true };
  const remembered = languageCookie(req.headers.cookie);
  if (isLanguage(remembered)) return { language: remembered, asked: false };
  // accepts() reads a missing header as `*`, which is not the same as naming no language at all.
  const named = req.headers['accept-language'] ? accepts(req).languages() : [];
  return { language: languageForBrowser(named), asked: false };
}

/**
 * The language this browser asked for (`?lang`, the cookie that choice left, or an Accept-Language that
 * names one of ours), if it asked for one; undefined when its pages are in the default for want of any.
 */
export function chosenLanguage(req: IncomingMessage): Language | undefined {
  const { language, asked } = chooseLanguage(req);
  if (asked || isLanguage(languageCookie(req.headers.cookie))) return language;
  return req.headers['accept-language'] && accepts(req).languages(...LANGUAGES) ? language : undefined;
}

/** What every page's template reads: the words and formats of its language, and the links to the others. */
/** What every page is rendered with, whether per request or ahead of its first visitor. */
export interface PageLocals {
  t: TFunction;
  lang: Language;
  languages: { text: string; href: string; lang: Language; current: boolean }[];
  formatDate: (value: string | Date) => string;
  formatMoney: (amount: number) => string;
  dash: string;
}

export function pageLocals(i18n: i18n, language: Language, url: string): PageLocals {
  return {
    t: translator(i18n, language),
    lang: language,
    // Items for govukLanguageNavigation: each language named in itself.
    languages: LANGUAGES.map((code) => ({
      text: translator(i18n, code)('common:languageName'),
      href: urlInLanguage(url, code),
      lang: code,
      current: code === language,
    })),
    formatDate: (value: string | Date) => formatDate(value, language),
    formatMoney: (amount: number) => formatMoney(amount, language),
    // The language's dash, for what a template joins itself (a page title and its service).
    dash: DASH[language],
  };
}

export function rememberLanguage(res: ServerResponse, language: Language, secureCookies: boolean): void {
  const cookie = `${LANGUAGE_COOKIE}=${language}; Max-Age=${ONE_YEAR_MS / 1000}; Path=/; Expires=${new Date(Date.now() + ONE_YEAR_MS).toUTCString()}; HttpOnly; SameSite=Lax${secureCookies ? '; Secure' : ''}`;
  const existing = res.getHeader('Set-Cookie');
  res.setHeader('Set-Cookie', existing === undefined ? cookie : [...(Array.isArray(existing) ? existing : [String(existing)]), cookie]);
}

export function languageMiddleware(i18n: i18n, secureCookies: boolean): RequestHandler {
  return (req, res, next) => {
    const { language, asked } = chooseLanguage(req);
    if (asked) rememberLanguage(res, language, secureCookies);
    req.language = language;
    res.setHeader('Content-Language', language);
    res.vary('Accept-Language');
    res.vary('Cookie');
    Object.assign(res.locals, pageLocals(i18n, language, req.originalUrl));
    next();
  };
}
