import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSummary, parse, submitForm, textOf } from '../support/html.js';
import { dateFields } from '../support/journey.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PATH = '/services/registration-deadline-calculator/calculate';
// 24 November 2026, noon in Baku.
const NOW = new Date('2026-11-24T08:00:00Z');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
});
afterAll(async () => t.close());

async function calculate(fields: Record<string, string>, lang = 'en') {
  const agent = t.agent();
  return submitForm(agent, `${PATH}?lang=${lang}`, fields);
}

function rowText($: ReturnType<typeof parse>, attribute: string): string {
  return textOf($, `[${attribute}] .govuk-summary-list__value`);
}

describe('calculate your registration deadline', () => {
  it('the service page starts it, and the page asks three questions with the visa end date under the visa options', async () => {
    const $ = parse(await t.agent().get('/services/registration-deadline-calculator?lang=en').expect(200));
    expect($('a.govuk-button--start').attr('href')).toBe(PATH);
    const page = parse(await t.agent().get(`${PATH}?lang=en`).expect(200));
    expect(textOf(page, 'h1')).toBe('Your entry to Azerbaijan');
    expect(page('#eVisaEndDate-day').closest('.govuk-radios__conditional').attr('id')).toBe('conditional-visaType');
    expect(page('#visaEndDate-day').closest('.govuk-radios__conditional').attr('id')).toBe('conditional-visaType-2');
    expect(page('input[name="entryDate-day"]').length).toBe(1);
  });

  it('visa-free: 15 days to register, 90 days of stay, days left from today in Baku', async () => {
    const response = await calculate({ ...dateFields('entryDate', '2026-11-20'), citizenship: 'TR', visaType: 'visaFree' });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const $ = parse(response);
    expect(rowText($, 'data-register-by')).toBe('5 December 2026 11 days left');
    expect(rowText($, 'data-stay-until')).toBe('18 February 2027 86 days left');
    expect(textOf($, 'main')).toContain('You must register within 15 days of entering Azerbaijan.');
    expect(textOf($, 'main')).toContain('Without a visa, you may stay up to 90 days after the day you entered.');
    expect($('.govuk-warning-text').length).toBe(0);
  });

  it('a citizen of Kazakhstan has 30 days', async () => {
    const $ = parse(await calculate({ ...dateFields('entryDate', '2026-11-20'), citizenship: 'KZ', visaType: 'visaFree' }));
    expect(rowText($, 'data-register-by')).toBe('20 December 2026 26 days left');
    expect(textOf($, 'main')).toContain('citizens of Kazakhstan have 30 days after entering Azerbaijan to register');
  });

  it('an e-visa: the stay ends on the day the e-visa allows, which cannot be before the entry', async () => {
    const bad = await calculate({ ...dateFields('entryDate', '2026-11-20'), citizenship: 'IN', visaType: 'eVisa', ...dateFields('eVisaEndDate', '2026-11-01') });
    expect(bad.status).toBe(400);
    expect(errorSummary(parse(bad))).toEqual([{ text: 'The last day of stay cannot be before the date you entered', href: '#eVisaEndDate-day' }]);
    expect(parse(bad)('title').text()).toMatch(/^Error: /);
    const missing = await calculate({ ...dateFields('entryDate', '2026-11-20'), citizenship: 'IN', visaType: 'eVisa' });
    expect(errorSummary(parse(missing))).toEqual([{ text: 'Enter the last day of stay your e-visa allows', href: '#eVisaEndDate-day' }]);
    const $ = parse(await calculate({ ...dateFields('entryDate', '2026-11-20'), citizenship: 'IN', visaType: 'eVisa', ...dateFields('eVisaEndDate', '2026-12-19') }));
    expect(rowText($, 'data-register-by')).toBe('5 December 2026 11 days left');
    expect(rowText($, 'data-stay-until')).toBe('19 December 2026 25 days left');
    expect(textOf($, 'main')).toContain('With an e-visa, your legal stay ends on the last day the e-visa allows.');
  });

  it('a visa ending before the last day to register: leaving by then needs no registration', async () => {
    const $ = parse(await calculate({ ...dateFields('entryDate', '2026-11-22'), citizenship: 'CN', visaType: 'visa', ...dateFields('visaEndDate', '2026-11-30') }));
    expect(rowText($, 'data-stay-until')).toBe('30 November 2026 6 days left');
    expect(textOf($, 'main')).toContain('If you leave Azerbaijan by then, you do not need to register.');
  });

  it('the last day today, and dates that have passed, in the past tense', async () => {
    const today = parse(await calculate({ ...dateFields('entryDate', '2026-11-09'), citizenship: 'DE', visaType: 'visaFree' }));
    expect(rowText(today, 'data-register-by')).toBe('24 November 2026 Today is the last day');
    const late = parse(await calculate({ ...dateFields('entryDate', '2026-11-01'), citizenship: 'DE', visaType: 'visaFree' }));
    expect(rowText(late, 'data-register-by')).toBe('16 November 2026 This day passed 8 days ago');
    expect(textOf(late, '.govuk-warning-text')).toContain('The last day to register was 16 November 2026.');
    const ended = parse(await calculate({ ...dateFields('entryDate', '2026-08-01'), citizenship: 'DE', visaType: 'visaFree' }, 'ru'));
    expect(rowText(ended, 'data-stay-until')).toBe('30 октября 2026 Этот срок истёк 25 дней назад');
    expect(textOf(ended, '.govuk-warning-text')).toContain('Срок вашего законного пребывания истёк 30 октября 2026.');
    const az = parse(await calculate({ ...dateFields('entryDate', '2026-11-01'), citizenship: 'DE', visaType: 'visaFree' }, 'az'));
    expect(textOf(az, '.govuk-warning-text')).toContain('Qeydiyyatdan keçmək üçün son gün 16 noyabr 2026 idi.');
  });

  it('questions left unanswered are listed in the error summary, in the page language', async () => {
    const $ = parse(await calculate({}, 'az'));
    expect(errorSummary($).map((error) => error.href)).toEqual(['#entryDate-day', '#citizenship', '#visaType']);
    expect(errorSummary($)[0]!.text).toBe('Azərbaycana giriş tarixinizi daxil edin');
  });

  it('nothing is stored', async () => {
    const before = await t.db('drafts').count<{ count: string }[]>('* as count');
    await calculate({ ...dateFields('entryDate', '2026-11-20'), citizenship: 'TR', visaType: 'visaFree' });
    expect(await t.db('drafts').count<{ count: string }[]>('* as count')).toEqual(before);
    expect(await t.db('applications').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
  });
});
