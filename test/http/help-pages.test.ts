import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOnline, SERVICES } from '../../src/catalogue/index.js';
import offices from '../../src/content/offices.json' with { type: 'json' };
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { pageLocals } from '../../src/middleware/language.js';
import { registrationSteps } from '../fixtures/services.js';
import { parse, textOf } from '../support/html.js';
import { answerSteps, applyPath } from '../support/journey.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const i18n = createI18n();
const HELP = ['contact', 'offices', 'privacy', 'accessibility'] as const;
const PUBLIC_PAGES = ['/', '/cookies', ...HELP.map((page) => `/${page}`), ...SERVICES.map((service) => `/services/${service.id}`)];

describe.each(LANGUAGES)('help and trust, in %s', (lang) => {
  const t9 = i18n.getFixedT(lang);

  it.each(HELP)('the %s page is a real page in the language, with its own description', async (page) => {
    const $ = parse(await t.agent().get(`/${page}?lang=${lang}`).expect(200));
    expect($('html').attr('lang')).toBe(lang);
    expect(textOf($, 'h1')).toBe(t9(`help:${page}.title`));
    expect($('meta[name="description"]').attr('content')).toBe(t9(`help:${page}.description`));
    expect($('body').text()).not.toMatch(/\b(common|help|services|forms):[a-z]/);
  });

  it('every public page has a description, and every footer link answers', async () => {
    const footerLinks = new Set<string>();
    for (const path of PUBLIC_PAGES) {
      const $ = parse(await t.agent().get(`${path}?lang=${lang}`).expect(200));
      expect($('meta[name="description"]').attr('content')?.length, path).toBeGreaterThan(20);
      expect($('title').text().trim().length, path).toBeGreaterThan(5);
      for (const link of $('footer a').toArray()) footerLinks.add($(link).attr('href')!);
    }
    expect([...footerLinks].filter((href) => href.startsWith('/')).sort()).toEqual(['/', '/accessibility', '/contact', '/cookies', '/offices', '/privacy']);
    expect(footerLinks).toContain('tel:919');
    for (const href of footerLinks) if (href.startsWith('/')) await t.agent().get(`${href}?lang=${lang}`).expect(200);
  });

  it('the footer gives the call centre and its hours on every page', async () => {
    const $ = parse(await t.agent().get(`/services/work-permit?lang=${lang}`).expect(200));
    const footer = textOf($, 'footer');
    expect(footer).toContain('(012) 919');
    expect(footer).toContain(t9('help:callHours.sms'));
  });

  it('the home page tags each service online or not, in words, as the catalogue says', async () => {
    const $ = parse(await t.agent().get(`/?lang=${lang}`).expect(200));
    for (const service of SERVICES) {
      const item = $(`main a[href="/services/${service.id}"]`).closest('li');
      const tag = item.find('.govuk-tag');
      expect(tag.attr('data-status'), service.id).toBe(isOnline(service) ? 'online' : 'not-online');
      expect(tag.text().trim()).toBe(t9(isOnline(service) ? 'help:status.online' : 'help:status.notOnline'));
    }
    expect(textOf($, 'main')).toContain(t9('help:home.promise'));
  });

  it('a service not online yet says so right under its heading, with where to go instead', async () => {
    // Every service of the catalogue is online now: the page is drawn for one as if it were not.
    const service = { ...SERVICES.find((candidate) => candidate.id === 'travel-ban-check')!, usePath: undefined };
    const html = await new Promise<string>((resolve, reject) =>
      t.app.express.render('pages/service.njk', { ...pageLocals(i18n, lang, `/services/${service.id}`), service, facts: [], deadlines: [], feeTable: null }, (error: Error | null, rendered?: string) =>
        error ? reject(error) : resolve(rendered ?? ''),
      ),
    );
    const $ = parse(html);
    const next = $('h1').next();
    expect(next.is('[data-not-online]')).toBe(true);
    expect(next.find('a[href="https://www.e-gov.az"]').length).toBe(1);
    expect(next.find('a[href="/offices"]').length).toBe(1);
    expect(next.text()).toContain('(012) 919');
    expect($('a.govuk-button--start').length).toBe(0);
  });

  it('an online service puts its start button after a short list, before the details', async () => {
    const $ = parse(await t.agent().get(`/services/work-permit?lang=${lang}`).expect(200));
    const order = $('main h2, main a.govuk-button--start').toArray().map((element) => ($(element).is('a') ? 'start' : $(element).text().trim()));
    expect(order.slice(0, 3)).toEqual([t9('help:start.heading'), 'start', t9('help:start.details')]);
    const facts = $('h2').first().next('ul').find('li').toArray().map((li) => $(li).text());
    expect(facts[0]).toContain('350');
    // The fee table labels each cell with its column, for the narrow-screen layout.
    expect($('table.app-table-stack td[data-label]').length).toBe(3 * 4);
  });

  it('the offices page lists every office of the data file, with a way to call', async () => {
    const $ = parse(await t.agent().get(`/offices?lang=${lang}`).expect(200));
    const cards = $('.govuk-summary-card');
    expect(cards.length).toBe(offices.offices.length);
    for (const [index, office] of offices.offices.entries()) {
      const card = cards.eq(index);
      expect(card.find('h2').text().trim()).toBe(office.name[lang]);
      if (office.phone) expect(card.find('a[href^="tel:"]').text()).toBe(office.phone);
      else expect(card.text()).toContain('(012) 919');
    }
  });
});

describe('the timeout warning of a form', () => {
  it('is on the pages of a form with answers, and the keep-alive it calls writes the session', async () => {
    const agent = t.agent();
    const before = parse(await agent.get(`${applyPath('registration-at-place-of-stay')}/who-applies?lang=en`).expect(200));
    expect(before('dialog.app-timeout').length).toBe(0);
    await answerSteps(agent, 'registration-at-place-of-stay', registrationSteps('foreigner').slice(0, 2), '?lang=en');
    const $ = parse(await agent.get(`${applyPath('registration-at-place-of-stay')}/travel-document`).expect(200));
    const dialog = $('dialog.app-timeout');
    expect(dialog.attr('data-idle-minutes')).toBe('115');
    expect(dialog.find('a').attr('href')).toBe(`${applyPath('registration-at-place-of-stay')}/saved`);
    const stored = async () => (await t.db('sessions').select('expire').orderBy('expire', 'desc').first())!.expire as Date;
    const first = await stored();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await agent.get('/session/keep-alive').expect(204);
    expect((await stored()).getTime()).toBeGreaterThan(first.getTime());
  });
});
