import { describe, expect, it } from 'vitest';
import { date, file, number, radios, text } from '../../../src/forms/fields/index.js';
import { prefill, rawFromValues, USE_EARLIER, validatePrefill } from '../../../src/forms/steps/prefill.js';
import { validateFields } from '../../../src/forms/steps/question.js';
import { contextOf, en, rowsOf } from '../fields/support.js';

const SERVICE = 'work-permit-extension';
const WORDS = `services/${SERVICE}:steps.earlier-details.fields.useEarlier`;
const earlier = prefill('earlier-details', {
  fills: ['employer'],
  find: async (_db, answers) => (answers.permit ? { employer: { organisationName: 'Anatolia' } } : null),
  guessedAt: (answers) => String(answers.permit?.permitNumber ?? ''),
});

describe('a prefill step', () => {
  it('names the steps it fills in, how it finds the earlier answers and what a guess is counted under', async () => {
    expect(earlier).toMatchObject({ kind: 'prefill', id: 'earlier-details', fills: ['employer'] });
    expect(earlier.guessedAt({ permit: { permitNumber: 'AB12' } })).toBe('AB12');
    expect(await earlier.find({} as never, {})).toBeNull();
  });

  it('asks whether to use what was found, a yes or no', () => {
    expect(validatePrefill(undefined, contextOf())).toEqual({ ok: false, errors: [] });
    // Nothing found: the page asks nothing, and the step is done.
    expect(validatePrefill({}, contextOf())).toEqual({ ok: true, values: {} });
    expect(validatePrefill({ useEarlier: 'yes' }, contextOf())).toEqual({ ok: true, values: { useEarlier: 'yes' } });
    expect(validatePrefill({ useEarlier: 'maybe' }, contextOf())).toEqual({ ok: false, errors: [{ field: 'useEarlier', code: 'required' }] });
  });

  it('gives accepted answers back as the form would have sent them, to show them filled in', () => {
    const fields = [
      text('organisationName'),
      date('dateOfBirth'),
      number('monthlySalary'),
      radios('kind', ['a', 'b'], { reveal: { b: [text('detail')] } }),
      file({ id: 'contract', required: true, types: ['pdf'], maxSizeMb: 5, maxFiles: 1 }),
    ];
    const values = { organisationName: 'Anatolia', dateOfBirth: '1990-03-07', monthlySalary: 1200, kind: 'a', detail: 'gone', contract: [{ id: 'f', name: 'c.pdf', size: 1, type: 'pdf' }] };
    const raw = rawFromValues(fields, values, {});
    expect(raw).toEqual({ organisationName: 'Anatolia', dateOfBirth: { day: '7', month: '3', year: '1990' }, monthlySalary: '1200', kind: 'a' });
    // And what it gives back is accepted as the same answers.
    expect(validateFields(fields.slice(0, 4), raw, contextOf())).toEqual({ ok: true, values: { organisationName: 'Anatolia', dateOfBirth: '1990-03-07', monthlySalary: 1200, kind: 'a' } });
  });

  it('reads on check your answers as the choice made', () => {
    expect(rowsOf(SERVICE, earlier, { 'earlier-details': { useEarlier: 'yes' } })).toEqual([[en(`${WORDS}.label`), en(`${WORDS}.options.yes`)]]);
    expect(rowsOf(SERVICE, earlier, { 'earlier-details': {} })).toEqual([[en(`${WORDS}.label`), en('forms:notProvided')]]);
    expect(USE_EARLIER.optional).toBe(true);
  });
});
