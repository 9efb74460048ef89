import type { RequestHandler } from 'express';
import type { i18n, TFunction } from 'i18next';
import { formatDate, formatMoney } from '../i18n/format.js';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '../i18n/languages.js';

export const LANGUAGE_COOKIE = 'lang';
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
    }
  }
}

/**
 * The page URL with `lang` set to another language; everything else of the address kept. Never
 * throws on an odd address (`//[`), and never starts with `//`, which a browser would read as
 * another host.
 */
export function urlInLanguage(originalUrl: string, language: Language): string {
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

/** ?lang= (remembered in a cookie), else the cookie, else Accept-Language, else Azerbaijani. */
export function languageMiddleware(i18n: i18n, secureCookies: boolean): RequestHandler {
  return (req, res, next) => {
    const asked = req.query.lang;
    let language: Language;
    if (isLanguage(asked)) {
      language = asked;
      res.cookie(LANGUAGE_COOKIE, language, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', secure: secureCookies });
    } else if (isLanguage(languageCookie(req.headers.cookie))) {
      language = languageCookie(req.headers.cookie) as Language;
    } else {
      const accepted = req.acceptsLanguages(...LANGUAGES);
      language = isLanguage(accepted) ? accepted : DEFAULT_LANGUAGE;
    }
    req.language = language;
    res.setHeader('Content-Language', language);
    res.vary('Accept-Language');
    res.vary('Cookie');
    const t = i18n.getFixedT(language);
    res.locals.t = t;
    res.locals.lang = language;
    // Items for govukLanguageNavigation: each language named in itself.
    res.locals.languages = LANGUAGES.map((code) => ({
      text: i18n.getFixedT(code)('common:languageName'),
      href: urlInLanguage(req.originalUrl, code),
      lang: code,
      current: code === language,
    }));
    res.locals.formatDate = (value: string | Date) => formatDate(value, language);
    res.locals.formatMoney = (amount: number) => formatMoney(amount, language);
    next();
  };
}
