import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { DASH, LANGUAGES } from '../../src/i18n/languages.js';
import { parse, textOf } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const HOME_TITLE = {
  az: 'Dövlət Miqrasiya Xidmətinin elektron xidmətləri',
  en: 'E-services of the State Migration Service',
  ru: 'Электронные услуги Государственной миграционной службы',
};
const AUTHORITY = {
  az: 'Azərbaycan Respublikasının Dövlət Miqrasiya Xidməti',
  en: 'State Migration Service of the Republic of Azerbaijan',
  ru: 'Государственная миграционная служба Азербайджанской Республики',
};

describe.each(LANGUAGES)('pages in %s', (lang) => {
  it('home lists all 18 services, grouped, each linking to its page', async () => {
    const $ = parse(await t.agent().get(`/?lang=${lang}`).expect(200));
    expect($('html').attr('lang')).toBe(lang);
    expect(textOf($, 'h1')).toBe(HOME_TITLE[lang]);
    expect(textOf($, '.govuk-generic-header')).toBe(AUTHORITY[lang]);
    const links = $('main a[href^="/services/"]').toArray().map((a) => $(a).attr('href'));
    expect(links).toEqual(SERVICES.map((service) => `/services/${service.id}`));
    expect($('main h2').length).toBe(5);
    expect($.html()).not.toMatch(/GOV\.UK|govuk-logo|crown/i);
  });

  it.each(SERVICES.map((service) => service.id))('service page %s explains the service and never dead-ends', async (id) => {
    const $ = parse(await t.agent().get(`/services/${id}?lang=${lang}`).expect(200));
    expect($('html').attr('lang')).toBe(lang);
    const service = SERVICES.find((candidate) => candidate.id === id)!;
    const h1 = textOf($, 'h1');
    expect(h1.length).toBeGreaterThan(5);
    // The page's name and the site's, joined by the one dash of the language (locales/GLOSSARY.md).
    expect($('title').text()).toContain(`${h1} ${DASH[lang]} `);
    expect($('main h2').length).toBeGreaterThanOrEqual(4);
    // A document the service does not require is said "(if you have it)" once, by the page.
    for (const item of $('main li').toArray()) expect($(item).text()).not.toMatch(/\(([^()]+)\)\s*\(\1\)/);
    if (service.journey || service.usePath) {
      expect($('a.govuk-button--start').attr('href')).toBe(service.journey ? `/services/${id}/start` : service.usePath);
    } else {
      expect($('a.govuk-button--start').length).toBe(0);
      expect($('.govuk-inset-text').text().trim().length).toBeGreaterThan(20);
    }
    // No untranslated key leaks onto the page.
    expect($('body').text()).not.toMatch(/\b(common|services|forms|places):[a-z]/);
  });

  it('the cookies page and the 404 page are in the page language', async () => {
    const cookies = parse(await t.agent().get(`/cookies?lang=${lang}`).expect(200));
    expect(cookies('html').attr('lang')).toBe(lang);
    const missing = parse(await t.agent().get(`/no-such-page?lang=${lang}`).expect(404));
    expect(missing('html').attr('lang')).toBe(lang);
    expect(textOf(missing, 'h1')).toBe({ az: 'Səhifə tapılmadı', en: 'Page not found', ru: 'Страница не найдена' }[lang]);
    const unknownService = await t.agent().get(`/services/no-such-service?lang=${lang}`).expect(404);
    expect(parse(unknownService)('html').attr('lang')).toBe(lang);
  });
});

describe('language choice', () => {
  it('Azerbaijani by default', async () => {
    const $ = parse(await t.agent().get('/').expect(200));
    expect($('html').attr('lang')).toBe('az');
  });

  it('Accept-Language decides on a first visit', async () => {
    const $ = parse(await t.agent().get('/').set('Accept-Language', 'ru-RU,ru;q=0.9,en;q=0.5').expect(200));
    expect($('html').attr('lang')).toBe('ru');
  });

  it('?lang is remembered in a cookie', async () => {
    const agent = t.agent();
    await agent.get('/?lang=en').expect(200);
    const $ = parse(await agent.get('/cookies').set('Accept-Language', 'ru').expect(200));
    expect($('html').attr('lang')).toBe('en');
  });

  it('the switcher keeps the user on the same page and names each language in itself', async () => {
    const $ = parse(await t.agent().get('/services/work-permit?lang=en').expect(200));
    const items = $('.govuk-language-navigation__list-item');
    expect(items.length).toBe(3);
    expect($('a.govuk-language-navigation__link[lang="az"]').attr('href')).toBe('/services/work-permit?lang=az');
    expect($('a.govuk-language-navigation__link[lang="ru"]').text().trim()).toBe('Русский');
    expect($('[aria-current="true"]').text().trim()).toBe('English');
  });

  it('an unknown ?lang is ignored', async () => {
    const $ = parse(await t.agent().get('/?lang=fr').expect(200));
    expect($('html').attr('lang')).toBe('az');
  });
});

describe('fees and deadlines come from the definitions', () => {
  it('work permit shows its table of fees by period and speed', async () => {
    const $ = parse(await t.agent().get('/services/work-permit?lang=en').expect(200));
    const cells = $('table td').toArray().map((cell) => $(cell).text().replace(/\s+/g, ' ').trim());
    expect(cells).toEqual(expect.arrayContaining(['350 AZN', '1,400 AZN']));
    expect($('main').text()).toContain('20 working days');
  });

  it('registration is free and decided in 1 working day', async () => {
    const $ = parse(await t.agent().get('/services/registration-at-place-of-stay?lang=ru').expect(200));
    expect($('main').text()).toContain('Эта услуга бесплатна.');
    expect($('main').text()).toContain('1 рабочий день');
  });
});

describe('security and health', () => {
  it('sends a Content-Security-Policy without unsafe-inline', async () => {
    const response = await t.agent().get('/').expect(200);
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(parse(response)('script:not([src])').length).toBe(0);
    expect(parse(response)('style').length).toBe(0);
  });

  it('/healthz and /readyz answer', async () => {
    await t.agent().get('/healthz').expect(200, 'ok');
    await t.agent().get('/readyz').expect(200, 'ready');
  });

  it('serves the stylesheet, scripts and icon it links to, fingerprinted, compressed and cached for good', async () => {
    const $ = parse(await t.agent().get('/').expect(200));
    const links = [$('link[rel="stylesheet"]').attr('href')!, $('script[type="module"]').attr('src')!, $('link[rel="icon"]').attr('href')!];
    for (const link of links) expect(link).toMatch(/^\/assets\/[a-z.]+-[A-Za-z0-9]{10}\.(css|js|svg)$/);
    const [cssUrl, scriptUrl] = links as [string, string, string];
    const css = await t.agent().get(cssUrl).set('Accept-Encoding', 'identity').expect(200).expect('content-type', /text\/css/);
    expect(css.text).not.toContain('GDS Transport');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // superagent undoes the compression it is sent: the same text arrives, in a tenth of the bytes.
    const brotli = await t.agent().get(cssUrl).set('Accept-Encoding', 'gzip, deflate, br, zstd').expect(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(Number(brotli.headers['content-length'])).toBeLessThan(css.text.length / 5);
    expect(brotli.text).toBe(css.text);
    const script = await t.agent().get(scriptUrl).set('Accept-Encoding', 'gzip').expect(200).expect('content-type', /javascript/);
    expect(script.headers['content-encoding']).toBe('gzip');
    // The module imports govuk-frontend by its fingerprinted name, which is served too.
    const imported = /from '\.\/(govuk-frontend\.min-[A-Za-z0-9]{10}\.js)'/.exec(script.text)![1];
    await t.agent().get(`/assets/${imported}`).expect(200).expect('cache-control', /immutable/);
    await t.agent().get('/assets/application.css').expect(404);
  });
});

describe('page weight', () => {
  it('catalogue pages come compressed from memory, with an ETag a browser can revalidate', async () => {
    const first = await t.agent().get('/services/work-permit?lang=ru').set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(first.headers['content-encoding']).toBe('br');
    expect(Number(first.headers['content-length'])).toBeLessThan(first.text.length / 3);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    await t.agent().get('/services/work-permit?lang=ru').set('If-None-Match', etag).expect(304);
    // Another language is another page, with another tag.
    const english = await t.agent().get('/services/work-permit?lang=en').expect(200);
    expect(english.headers.etag).not.toBe(etag);
  });

  it('form pages are compressed as they are sent, and never cached', async () => {
    const page = await t.agent().get('/services/registration-at-place-of-stay/apply/who-applies').set('Accept-Encoding', 'gzip').expect(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('name="applicantType"');
  });
});
