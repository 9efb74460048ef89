import { describe, expect, it } from 'vitest';
import { allFields, consent, radios, text, visibleFields } from '../../../src/forms/fields/index.js';
import { fieldModule } from '../../../src/forms/fields/index.js';
import { validateFields } from '../../../src/forms/steps/question.js';
import { accepted, codeOf, contextOf, drawn, en, expectErrorMessage, expectNoErrorMessage, itemStates, posted, readerIn, summaryOf } from './support.js';

const HOUSING = { service: 'temporary-residence-permit', step: 'housing' };
const CONTACT = { service: 'work-permit', step: 'contact' };
const hostName = text('hostName', { letters: true });
const hostAgrees = consent('hostAgrees');
const housing = radios('housing', ['own', 'hosted'], { reveal: { hosted: [hostName, hostAgrees] } });
const language = radios('preferredLanguage', 'languages', { defaultFromLanguage: true });
const period = radios('period', ['months3', 'months6'], { optionsFrom: 'services:periods', inline: true });

describe('a radios field', () => {
  it('reads the first string posted under its name', () => {
    expect(posted(housing, { housing: ['own', 'hosted'] })).toBe('own');
    expect(posted(housing, {})).toBe('');
  });

  it('accepts one option of its list, or of a shared list', () => {
    expect(accepted(housing, 'own')).toBe('own');
    expect(accepted(language, ' ru ')).toBe('ru');
    expect(accepted(radios('housing', ['own'], { optional: true }), '')).toBeUndefined();
  });

  it('refuses no answer and an answer not on the list alike, with the code required', () => {
    expect(codeOf(housing, '')).toBe('required');
    expect(codeOf(housing, 'castle')).toBe('required');
    expect(codeOf(language, 'de')).toBe('required');
  });

  it('asks, checks and keeps the fields under an option only when it is chosen', () => {
    const context = contextOf();
    expect(validateFields([housing], { housing: 'own', hostName: 'Ali', hostAgrees: 'yes' }, context)).toEqual({ ok: true, values: { housing: 'own' } });
    expect(validateFields([housing], { housing: 'hosted' }, context)).toEqual({
      ok: false,
      errors: [
        { field: 'hostName', code: 'required' },
        { field: 'hostAgrees', code: 'required' },
      ],
    });
    expect(validateFields([housing], { housing: 'hosted', hostName: 'Ali Aliyev', hostAgrees: 'yes' }, context)).toEqual({
      ok: true,
      values: { housing: 'hosted', hostName: 'Ali Aliyev', hostAgrees: 'yes' },
    });
    expect(fieldModule(housing).nested!(housing)).toEqual([hostName, hostAgrees]);
    expect(allFields([housing]).map((field) => field.name)).toEqual(['housing', 'hostName', 'hostAgrees']);
    expect(visibleFields([housing], { housing: 'own' }, {}).map((field) => field.name)).toEqual(['housing']);
    expect(visibleFields([housing], { housing: 'hosted' }, {}).map((field) => field.name)).toEqual(['housing', 'hostName', 'hostAgrees']);
  });

  it('draws a govukRadios: empty, nothing chosen, no error', () => {
    const view = drawn(housing, { scope: HOUSING });
    expect(view.macro).toBe('govukRadios');
    expect(view.params).toMatchObject({ name: 'housing', idPrefix: 'housing', value: '', classes: undefined });
    expect(view.params.fieldset).toEqual({ legend: { text: 'Is the home yours?', classes: 'govuk-fieldset__legend--l', isPageHeading: true } });
    expect(view.params.items).toEqual([
      { value: 'own', text: en('services/temporary-residence-permit:steps.housing.fields.housing.options.own') },
      { value: 'hosted', text: en('services/temporary-residence-permit:steps.housing.fields.housing.options.hosted') },
    ]);
    expectNoErrorMessage(view);
  });

  it('draws the chosen option as the value govukRadios checks, and its error', () => {
    expect(drawn(housing, { scope: HOUSING, raw: 'hosted' }).params.value).toBe('hosted');
    const wrong = drawn(housing, { scope: HOUSING, raw: '', error: { field: 'housing', code: 'required' } });
    expectErrorMessage(wrong, 'services/temporary-residence-permit:steps.housing.fields.housing.errors.required');
  });

  it('draws the revealed fields under their option, never as the page heading, with their own state', () => {
    const view = drawn(housing, { scope: HOUSING, raw: 'hosted', error: { field: 'hostName', code: 'noLetters' } });
    expect(Object.keys(view.reveals!)).toEqual(['hosted']);
    const [name, agrees] = view.reveals!.hosted!;
    expect(name!.macro).toBe('govukInput');
    expect(name!.params.label).toMatchObject({ text: 'Full name of the owner', isPageHeading: false });
    expectErrorMessage(name!, 'services/temporary-residence-permit:steps.housing.fields.hostName.errors.noLetters');
    expect(agrees!.macro).toBe('govukCheckboxes');
    expectNoErrorMessage(agrees!);
    // Drawn whatever is chosen: the browser shows them, and without JavaScript they are always there.
    expect(drawn(housing, { scope: HOUSING }).reveals!.hosted).toHaveLength(2);
    expect(drawn(language, { scope: CONTACT }).reveals).toEqual({});
  });

  it('fills a languages list in from the page language until something is saved', () => {
    expect(drawn(language, { scope: CONTACT, lang: 'az' }).params.value).toBe('az');
    expect(drawn(language, { scope: CONTACT, lang: 'az', raw: 'ru' }).params.value).toBe('ru');
    const items = drawn(language, { scope: CONTACT }).params.items as { value: string; text: string; lang: string }[];
    expect(items.map((item) => item.value)).toEqual(['az', 'en', 'ru']);
    // Each language named in itself.
    expect(items.find((item) => item.value === 'az')).toMatchObject({ text: readerIn('az').t('common:languageName'), lang: 'az' });
  });

  it('takes its options\' words from a shared list when told, and lays two side by side', () => {
    const view = drawn(period, { scope: CONTACT });
    expect(itemStates(view).map((item) => item.value)).toEqual(['months3', 'months6']);
    expect((view.params.items as { text: string }[]).map((item) => item.text)).toEqual([en('services:periods.months3'), en('services:periods.months6')]);
    expect(view.params.classes).toBe('govuk-radios--inline');
    // A long list is drawn small.
    expect(drawn(radios('citizenship', 'countries'), { scope: CONTACT }).params.classes).toBe('govuk-radios--small');
  });

  it('reads in a summary as the chosen option\'s words', () => {
    expect(summaryOf(housing, 'hosted', HOUSING).text).toBe(en('services/temporary-residence-permit:steps.housing.fields.housing.options.hosted'));
    expect(summaryOf(period, 'months6', CONTACT, 'ru').text).toBe(readerIn('ru').t('services:periods.months6'));
    expect(summaryOf(language, 'ru', CONTACT, 'en').text).toBe(readerIn('ru').t('common:languageName'));
  });
});
