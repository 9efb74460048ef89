import { describe, expect, it } from 'vitest';
import { select } from '../../../src/forms/fields/index.js';
import { optionsHtml } from '../../../src/forms/fields/select.js';
import { countryName, STATELESS } from '../../../src/i18n/countries.js';
import { accepted, codeOf, drawn, en, expectErrorMessage, expectNoErrorMessage, posted, readerIn, summaryOf } from './support.js';

const IDENTITY = { service: 'work-permit', step: 'worker-identity' };
const citizenship = select('citizenship', 'foreignCountriesAndStateless', { autocomplete: 'country' });
const sex = select('sex', ['female', 'male']);

/** The options as the drop-down writes them: value, and whether it is the chosen one. */
function options(html: unknown): { value: string; selected: boolean }[] {
  return [...String(html).matchAll(/<option (selected )?value="([^"]*)"/g)].map((match) => ({ value: match[2]!, selected: !!match[1] }));
}

describe('a select field', () => {
  it('reads the first string posted under its name', () => {
    expect(posted(citizenship, { citizenship: ['TR', 'GE'] })).toBe('TR');
    expect(posted(citizenship, {})).toBe('');
  });

  it('accepts one value of its list', () => {
    expect(accepted(citizenship, 'TR')).toBe('TR');
    expect(accepted(citizenship, STATELESS)).toBe(STATELESS);
    expect(accepted(sex, 'male')).toBe('male');
    expect(accepted(select('sex', ['female', 'male'], { optional: true }), '')).toBeUndefined();
  });

  it('refuses no answer and a value not on the list alike, with the code required', () => {
    expect(codeOf(citizenship, '')).toBe('required');
    // Azerbaijan is not on a foreigner's list, however it is sent.
    expect(codeOf(citizenship, 'AZ')).toBe('required');
    expect(codeOf(sex, 'other')).toBe('required');
  });

  it('draws a drop-down led by an empty "choose", nothing chosen', () => {
    const view = drawn(citizenship, { scope: IDENTITY });
    expect(view.macro).toBe('appSelect');
    expect(view.params).toMatchObject({ id: 'citizenship', name: 'citizenship', autocomplete: 'country', classes: 'app-select' });
    expect(view.params.label).toMatchObject({ text: en('forms:fields.citizenship.label'), isPageHeading: true });
    expect(String(view.params.optionsHtml)).toMatch(new RegExp(`^<option value="">${en('forms:choose')}</option>`));
    expect(options(view.params.optionsHtml).filter((option) => option.selected)).toEqual([]);
    expect(options(view.params.optionsHtml).some((option) => option.value === 'AZ')).toBe(false);
    expectNoErrorMessage(view);
  });

  it('marks the chosen option, and only it', () => {
    const view = drawn(citizenship, { scope: IDENTITY, raw: 'TR' });
    expect(options(view.params.optionsHtml).filter((option) => option.selected)).toEqual([{ value: 'TR', selected: true }]);
    // The list written for one page is not marked for the next.
    expect(options(drawn(citizenship, { scope: IDENTITY }).params.optionsHtml).filter((option) => option.selected)).toEqual([]);
    expect(optionsHtml([{ value: 'a', text: '<A>' }], 'nowhere')).toBe('<option value="a">&#60;A&#62;</option>');
  });

  it('draws its own options with their words, and its error', () => {
    const view = drawn(sex, { scope: IDENTITY, raw: 'male', error: { field: 'sex', code: 'required' } });
    expect(options(view.params.optionsHtml)).toEqual([
      { value: '', selected: false },
      { value: 'female', selected: false },
      { value: 'male', selected: true },
    ]);
    expect(String(view.params.optionsHtml)).toContain(`>${en('forms:fields.sex.options.female')}<`);
    expectErrorMessage(view, 'forms:fields.sex.errors.required');
  });

  it('reads in a summary as the option\'s words in the page language', () => {
    expect(summaryOf(citizenship, 'TR', IDENTITY, 'az').text).toBe(countryName('TR', 'az'));
    expect(summaryOf(citizenship, STATELESS, IDENTITY).text).toBe(readerIn('en').t('forms:stateless'));
    expect(summaryOf(sex, 'female', IDENTITY).text).toBe(en('forms:fields.sex.options.female'));
  });
});
