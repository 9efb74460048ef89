import type { CheerioAPI } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { COUNTRY_CODES, FOREIGN_COUNTRY_CODES } from '../../src/i18n/countries.js';
import { NOT_OFFERED } from '../../src/i18n/country-list.js';
import { DASH, LANGUAGES } from '../../src/i18n/languages.js';
import { foreignCitizenshipNoticeSteps, registrationSteps, workPermitSteps } from '../fixtures/services.js';
import { parse, textOf } from '../support/html.js';
import { answerStep, applyPath } from '../support/journey.js';
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
    // The home page's name holds the site's: the title says it once.
    expect($('title').text().trim()).toBe(HOME_TITLE[lang]);
    expect(textOf($, '.govuk-generic-header')).toBe(AUTHORITY[lang]);
    const links = $('main .app-service-group a[href^="/services/"]').toArray().map((a) => $(a).attr('href'));
    expect(links).toEqual(SERVICES.map((service) => `/services/${service.id}`));
    expect($('main .app-service-group h2').length).toBe(5);
    // Above the groups, what people coming back do: tracking first, then every other check that answers here.
    const returning = $('[data-returning] a').toArray().map((a) => $(a).attr('href'));
    const checks = SERVICES.filter((service) => service.group === 'checks' && service.usePath);
    expect(returning[0]).toBe('/track');
    expect(returning.slice().sort()).toEqual(checks.map((service) => service.usePath).sort());
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
    if ($('[data-no-bookings="all"]').length) {
      // The queue with no office taking bookings (this fresh database): no start, but whom to call and where the offices are.
      expect($('a.govuk-button--start').length).toBe(0);
      expect($('[data-no-bookings] a[href="/offices"]').length).toBe(1);
    } else if (service.journey || service.usePath) {
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

  it('?lang is read whatever its case', async () => {
    for (const [asked, lang] of [['RU', 'ru'], ['En', 'en'], ['AZ', 'az']] as const) {
      const $ = parse(await t.agent().get(`/?lang=${asked}`).set('Accept-Language', 'de').expect(200));
      expect($('html').attr('lang')).toBe(lang);
    }
  });

  // What a newcomer is first shown, by the language their browser names.
  const FIRST_LANGUAGE: readonly (readonly [string, string])[] = [
    ['ru_RU', 'ru'],
    ['ru-RU,ru;q=0.9', 'ru'],
    ['RU', 'ru'],
    ['en-US,en;q=0.9', 'en'],
    ['az-Latn-AZ', 'az'],
    ['tr-TR,tr;q=0.9', 'az'],
    ['uk-UA,uk;q=0.9', 'ru'],
    ['be', 'ru'],
    ['kk-KZ', 'ru'],
    ['ky', 'ru'],
    ['uz-Latn-UZ', 'ru'],
    ['tg', 'ru'],
    ['ka-GE', 'ru'],
    ['hy-AM', 'ru'],
    ['de-DE,de;q=0.9', 'en'],
    ['fa-IR', 'en'],
    ['zh-CN,zh;q=0.9', 'en'],
    ['ar', 'en'],
    ['*', 'en'],
    ['de-DE,ru;q=0.5', 'ru'],
    ['fr;q=0.9,tr;q=0.8,en;q=0.7', 'az'],
  ];
  it.each(FIRST_LANGUAGE)('Accept-Language %s is answered in %s', async (header, lang) => {
    const $ = parse(await t.agent().get('/').set('Accept-Language', header).expect(200));
    expect($('html').attr('lang')).toBe(lang);
    // The catalogue's pages are answered before Express: they choose alike.
    const service = parse(await t.agent().get('/services/work-permit').set('Accept-Language', header).expect(200));
    expect(service('html').attr('lang')).toBe(lang);
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
    // The first line for the load balancer; mail's state below it (test/http/mail-delivery.test.ts).
    await t.agent().get('/readyz').expect(200, /^ready\n/);
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

describe('the State Flag in the header', () => {
  /** Numbers of an SVG attribute; a missing one is 0, as SVG reads it. */
  const num = ($: CheerioAPI, element: Parameters<CheerioAPI>[0], name: string) => Number($(element).attr(name) ?? 0);

  it('is the flag the law describes: three equal bands 1:2, a white crescent and an eight-pointed star centred in the red band', async () => {
    const $ = parse(await t.agent().get('/?lang=en').expect(200));
    const flag = $('.govuk-generic-header .app-header__flag');
    // Decorative: the authority's name beside it is what the link says.
    expect(flag.attr('aria-hidden')).toBe('true');
    expect(textOf($, '.govuk-generic-header')).toBe(AUTHORITY.en);
    const svg = flag.find('svg');
    expect(svg.attr('viewBox')).toBe('0 0 120 60');
    const bands = svg.find('rect').toArray().map((rect) => ({ y: num($, rect, 'y'), width: num($, rect, 'width'), height: num($, rect, 'height'), fill: $(rect).attr('fill') }));
    expect(bands).toEqual([
      { y: 0, width: 120, height: 20, fill: '#00b5e2' },
      { y: 20, width: 120, height: 20, fill: '#ef3340' },
      { y: 40, width: 120, height: 20, fill: '#509e2f' },
    ]);
    // The crescent: a white circle with a smaller red one drawn over it, shifted right, so its horns face the star.
    const [outer, inner, ...more] = svg.find('circle').toArray().map((circle) => ({ cx: num($, circle, 'cx'), cy: num($, circle, 'cy'), r: num($, circle, 'r'), fill: $(circle).attr('fill') }));
    expect(more).toEqual([]);
    expect(outer).toEqual({ cx: 57, cy: 30, r: 9, fill: '#fff' });
    expect(inner).toEqual({ cx: 59, cy: 30, r: 7.5, fill: '#ef3340' });
    // The star: 16 corners, 8 points at radius 5 and 8 notches at 2.5 around one centre, right of the crescent, a point up.
    const path = svg.find('path');
    expect(path.attr('fill')).toBe('#fff');
    const corners = [...path.attr('d')!.matchAll(/(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])] as const);
    expect(corners.length).toBe(16);
    const centre = [corners.reduce((sum, [x]) => sum + x, 0) / 16, corners.reduce((sum, [, y]) => sum + y, 0) / 16];
    expect(centre[0]).toBeCloseTo(67, 2);
    expect(centre[1]).toBeCloseTo(30, 2);
    const radii = corners.map(([x, y]) => Math.hypot(x - centre[0]!, y - centre[1]!));
    expect(radii.map((radius) => Math.round(radius * 100) / 100)).toEqual(Array.from({ length: 16 }, (_, index) => (index % 2 ? 2.5 : 5)));
    expect(corners[0]).toEqual([67, 25]);
    // Crescent and star together are centred on the flag: from the crescent's left edge to the star's right point.
    const left = outer!.cx - outer!.r;
    const right = Math.max(...corners.map(([x]) => x));
    expect((left + right) / 2).toBe(60);
  });

  it('is the page’s icon too, drawn from the same file', async () => {
    const $ = parse(await t.agent().get('/').expect(200));
    const icon = await t.agent().get($('link[rel="icon"]').attr('href')!).buffer(true).expect(200).expect('content-type', 'image/svg+xml');
    const file = parse(Buffer.isBuffer(icon.body) ? icon.body.toString('utf8') : icon.text);
    expect(file('svg').attr('viewBox')).toBe('0 0 120 60');
    expect(file('svg').children().toArray().map((element) => file.html(element))).toEqual($('.app-header__flag svg').children().toArray().map((element) => $.html(element)));
  });
});

/** The options of a drop-down as a reader sees them, the "choose" prompt left out. */
function listed($: CheerioAPI, name: string): { value: string; text: string }[] {
  return $(`select[name="${name}"] option`)
    .toArray()
    .map((option) => ({ value: $(option).attr('value') ?? '', text: $(option).text() }))
    .filter((option) => option.value !== '');
}

const STATELESS = { az: 'Vətəndaşlığı olmayan şəxs', en: 'Stateless person (no citizenship)', ru: 'Лицо без гражданства' };
const AZERBAIJAN = { az: 'Azərbaycan', en: 'Azerbaijan', ru: 'Азербайджан' };

describe.each(LANGUAGES)('the lists a form offers, in %s', (lang) => {
  const collator = new Intl.Collator(lang);
  const inOrder = (texts: string[]) => [...texts].sort(collator.compare);

  it('a foreigner’s citizenship: stateless first, then every reviewed country but Azerbaijan, in the order of the language', async () => {
    const agent = t.agent();
    const base = applyPath('registration-at-place-of-stay');
    const steps = registrationSteps('foreigner');
    await agent.get(`/services/registration-at-place-of-stay/start?lang=${lang}`).expect(303);
    await answerStep(agent, base, steps[0]!);
    const citizenship = listed(parse(await agent.get(`${base}/identity`).expect(200)), 'citizenship');
    expect(citizenship[0]).toEqual({ value: 'stateless', text: STATELESS[lang] });
    const countries = citizenship.slice(1);
    expect(countries.map((option) => option.value).sort()).toEqual([...FOREIGN_COUNTRY_CODES].sort());
    expect(countries.map((option) => option.text)).not.toContain(AZERBAIJAN[lang]);
    for (const code of Object.keys(NOT_OFFERED)) expect(countries.map((option) => option.value)).not.toContain(code);
    expect(countries.map((option) => option.text)).toEqual(inOrder(countries.map((option) => option.text)));

    // The state that issued the travel document may be Azerbaijan (a stateless person's or a refugee's document).
    await answerStep(agent, base, steps[1]!);
    const issuers = listed(parse(await agent.get(`${base}/travel-document`).expect(200)), 'documentCountry');
    expect(issuers.map((option) => option.value).sort()).toEqual([...COUNTRY_CODES].sort());
    expect(issuers).toContainEqual({ value: 'AZ', text: AZERBAIJAN[lang] });
    expect(issuers.map((option) => option.text)).toEqual(inOrder(issuers.map((option) => option.text)));
  });

  it('a citizen’s other citizenship: a foreign country, never Azerbaijan, and no "stateless"', async () => {
    const agent = t.agent();
    const base = applyPath('foreign-citizenship-notice');
    await agent.get(`/services/foreign-citizenship-notice/start?lang=${lang}`).expect(303);
    await answerStep(agent, base, foreignCitizenshipNoticeSteps()[0]!);
    const other = listed(parse(await agent.get(`${base}/foreign-citizenship`).expect(200)), 'foreignCitizenship');
    expect(other.map((option) => option.value).sort()).toEqual([...FOREIGN_COUNTRY_CODES].sort());
  });

  it('cities and districts in the order of the language, Baku with its twelve districts together', async () => {
    const agent = t.agent();
    const base = applyPath('work-permit');
    const steps = workPermitSteps();
    await agent.get(`/services/work-permit/start?lang=${lang}`).expect(303);
    await answerStep(agent, base, steps[0]!);
    await answerStep(agent, base, steps[1]!);
    const places = listed(parse(await agent.get(`${base}/employer-address`).expect(200)), 'city');
    const texts = places.map((option) => option.text);
    expect(texts).toEqual(inOrder(texts));
    expect(places.length).toBe(74 + 12);
    const baku = places.findIndex((option) => option.value === 'baku');
    expect(places.slice(baku, baku + 13).map((option) => option.value)).toEqual(expect.arrayContaining(['baku', 'baku-yasamal', 'baku-pirallahi', 'baku-sabail']));
    expect(places.slice(baku, baku + 13).every((option) => option.value.startsWith('baku'))).toBe(true);
    expect(texts).toContain({ az: 'Bakı şəhəri, Yasamal rayonu', en: 'Baku, Yasamal district', ru: 'Баку, Ясамальский район' }[lang]);
    if (lang === 'az') {
      // The Azerbaijani alphabet, not the order of the code points: X between H and I, Ş after S, İ after I.
      const at = (name: string) => {
        expect(texts, name).toContain(name);
        return texts.indexOf(name);
      };
      expect(at('Hacıqabul')).toBeLessThan(at('Xaçmaz'));
      expect(at('Xocavənd')).toBeLessThan(at('İmişli'));
      expect(at('Sumqayıt')).toBeLessThan(at('Şabran'));
      expect(at('Şuşa')).toBeLessThan(at('Tərtər'));
      expect(at('Qusar')).toBeGreaterThan(at('Kürdəmir'));
    }

    // A district is kept and shown as chosen; so is "baku", the answer every address had before the districts.
    await answerStep(agent, base, { step: 'employer-address', fields: { ...steps[2]!.fields, city: 'baku-yasamal' } });
    let page = parse(await agent.get(`${base}/employer-address`).expect(200));
    expect(page('select[name="city"] option[selected]').attr('value')).toBe('baku-yasamal');
    await answerStep(agent, base, steps[2]!);
    page = parse(await agent.get(`${base}/employer-address`).expect(200));
    expect(page('select[name="city"] option[selected]').text()).toBe({ az: 'Bakı şəhəri (rayonu göstərilmədən)', en: 'Baku (district not given)', ru: 'Баку (район не указан)' }[lang]);
  });
});
