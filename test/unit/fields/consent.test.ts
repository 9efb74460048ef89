import { describe, expect, it } from 'vitest';
import { consent } from '../../../src/forms/fields/index.js';
import { accepted, codeOf, drawn, en, expectErrorMessage, expectNoErrorMessage, itemStates, posted, summaryOf } from './support.js';

const HOST = { service: 'registration-at-place-of-stay', step: 'host-person' };
const agrees = consent('hostConsent');
const STATEMENT = en('services/registration-at-place-of-stay:steps.host-person.fields.hostConsent.statement');

describe('a consent field', () => {
  it('reads the first string posted under its name', () => {
    expect(posted(agrees, { hostConsent: ['yes', 'no'] })).toBe('yes');
    expect(posted(agrees, {})).toBe('');
  });

  it('accepts only the box ticked', () => {
    expect(accepted(agrees, 'yes')).toBe('yes');
    for (const raw of ['', 'no', 'YES', ['yes']]) expect(codeOf(agrees, raw)).toBe('required');
  });

  it('draws one box with the statement, not ticked, then ticked', () => {
    const view = drawn(agrees, { scope: HOST });
    expect(view.macro).toBe('govukCheckboxes');
    expect(view.params).toMatchObject({ name: 'hostConsent', idPrefix: 'hostConsent' });
    expect(view.params.fieldset).toMatchObject({ legend: { text: en('services/registration-at-place-of-stay:steps.host-person.fields.hostConsent.label') } });
    expect(view.params.items).toEqual([{ value: 'yes', text: STATEMENT, checked: false }]);
    expectNoErrorMessage(view);
    expect(itemStates(drawn(agrees, { scope: HOST, raw: 'yes' }))).toEqual([{ value: 'yes', checked: true }]);
  });

  it('draws its error', () => {
    expectErrorMessage(drawn(agrees, { scope: HOST, error: { field: 'hostConsent', code: 'required' } }), 'services/registration-at-place-of-stay:steps.host-person.fields.hostConsent.errors.required');
  });

  it('reads in a summary as the statement agreed to', () => {
    expect(summaryOf(agrees, 'yes', HOST)).toEqual({ value: { text: STATEMENT }, text: STATEMENT });
  });
});
