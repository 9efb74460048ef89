import { describe, expect, it } from 'vitest';
import { email } from '../../../src/forms/fields/index.js';
import { accepted, codeOf, drawn, expectErrorMessage, expectNoErrorMessage, posted, summaryOf } from './support.js';

const CONTACT = { service: 'work-permit', step: 'contact' };
const address = email('email');

describe('an email field', () => {
  it('reads the first string posted under its name', () => {
    expect(posted(address, { email: 'a@example.com' })).toBe('a@example.com');
    expect(posted(address, {})).toBe('');
  });

  it('takes out the spaces people paste around the @', () => {
    expect(accepted(address, ' name @ example.com ')).toBe('name@example.com');
  });

  it('refuses with codes', () => {
    expect(codeOf(address, '')).toBe('required');
    expect(codeOf(address, 'name.example.com')).toBe('email');
    expect(codeOf(address, `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`)).toBe('tooLong');
    expect(codeOf(address, 'a\u0000@example.com')).toBe('characters');
    expect(accepted(email('email', { optional: true }), '')).toBeUndefined();
  });

  it('draws a govukInput of type email, empty, filled, and with an error in the shared words of its code', () => {
    const empty = drawn(address, { scope: CONTACT });
    expect(empty.macro).toBe('govukInput');
    expect(empty.params).toMatchObject({ id: 'email', name: 'email', type: 'email', autocomplete: 'email', spellcheck: false, value: '' });
    expectNoErrorMessage(empty);
    expect(drawn(address, { scope: CONTACT, raw: 'typed' }).params.value).toBe('typed');
    expectErrorMessage(drawn(address, { scope: CONTACT, raw: 'typed', error: { field: 'email', code: 'email' } }), 'forms:errors.email');
  });

  it('reads in a summary as accepted', () => {
    expect(summaryOf(address, 'name@example.com', CONTACT).text).toBe('name@example.com');
  });
});
