import { describe, expect, it } from 'vitest';
import { checkboxes } from '../../../src/forms/fields/index.js';
import { accepted, codeOf, drawn, en, expectErrorMessage, expectNoErrorMessage, itemStates, posted, summaryOf } from './support.js';

const EXEMPTIONS = { service: 'work-permit', step: 'exemptions' };
const WORDS = 'services/work-permit:steps.exemptions.fields.workerExemptions';
const exemptions = checkboxes('workerExemptions', ['permanentResidence', 'spouseOfCitizen', 'companyHead', 'none'], { exclusive: 'none' });

describe('a checkboxes field', () => {
  it('reads every ticked box, a single one as a list', () => {
    expect(posted(exemptions, { workerExemptions: ['companyHead', '', 'permanentResidence', 7] })).toEqual(['companyHead', 'permanentResidence']);
    expect(posted(exemptions, { workerExemptions: 'none' })).toEqual(['none']);
    expect(posted(exemptions, { workerExemptions: '' })).toEqual([]);
    expect(posted(exemptions, {})).toEqual([]);
  });

  it('keeps the ticked options in the order of the list, each once', () => {
    expect(accepted(exemptions, ['companyHead', 'permanentResidence', 'companyHead'])).toEqual(['permanentResidence', 'companyHead']);
    expect(accepted(exemptions, 'none')).toEqual(['none']);
    expect(accepted(checkboxes('workerExemptions', ['a', 'b'], { optional: true }), [])).toEqual([]);
  });

  it('refuses with codes: nothing ticked, a value not on the list, "none" with another', () => {
    expect(codeOf(exemptions, [])).toBe('required');
    expect(codeOf(exemptions, ['companyHead', 'king'])).toBe('required');
    expect(codeOf(exemptions, ['none', 'companyHead'])).toBe('exclusive');
  });

  it('draws a govukCheckboxes, nothing ticked, "none" after a divider and exclusive', () => {
    const view = drawn(exemptions, { scope: EXEMPTIONS });
    expect(view.macro).toBe('govukCheckboxes');
    expect(view.params).toMatchObject({ name: 'workerExemptions', idPrefix: 'workerExemptions', hint: { text: en(`${WORDS}.hint`) } });
    expect(view.params.fieldset).toMatchObject({ legend: { text: en(`${WORDS}.label`), isPageHeading: true } });
    const items = view.params.items as Record<string, unknown>[];
    expect(items.slice(-2)).toEqual([
      { divider: en('forms:or') },
      { value: 'none', text: en(`${WORDS}.options.none`), checked: false, behaviour: 'exclusive' },
    ]);
    expect(items[0]).toEqual({ value: 'permanentResidence', text: en(`${WORDS}.options.permanentResidence`), checked: false });
    expectNoErrorMessage(view);
  });

  it('draws what was ticked as checked, and its error', () => {
    const view = drawn(exemptions, { scope: EXEMPTIONS, raw: ['companyHead', 'none'], error: { field: 'workerExemptions', code: 'exclusive' } });
    expect(itemStates(view)).toEqual([
      { value: 'permanentResidence', checked: false },
      { value: 'spouseOfCitizen', checked: false },
      { value: 'companyHead', checked: true },
      { value: undefined, checked: undefined },
      { value: 'none', checked: true },
    ]);
    expectErrorMessage(view, 'forms:errors.exclusive');
    expectErrorMessage(drawn(exemptions, { scope: EXEMPTIONS, error: { field: 'workerExemptions', code: 'required' } }), `${WORDS}.errors.required`);
  });

  it('reads in a summary as the ticked options\' words, one a line', () => {
    expect(summaryOf(exemptions, ['permanentResidence', 'companyHead'], EXEMPTIONS).text).toBe(
      [en(`${WORDS}.options.permanentResidence`), en(`${WORDS}.options.companyHead`)].join('\n'),
    );
  });
});
