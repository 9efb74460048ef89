import { describe, expect, it } from 'vitest';
import { date, text } from '../../../src/forms/fields/index.js';
import { rawRepeat, repeat, validateItem, validateRepeat } from '../../../src/forms/steps/repeat.js';
import { contextOf, en, rowsOf } from '../fields/support.js';

const SERVICE = 'work-permit';
const WORDS = `services/${SERVICE}:steps.work-history`;
const month = (value: string) => {
  const [year, monthNumber] = value.split('-');
  return { day: '', month: monthNumber, year };
};
const jobs = repeat(
  'work-history',
  [text('jobEmployer'), date('jobStart', { precision: 'month', time: 'notFuture' }), date('jobEnd', { precision: 'month', time: 'notFuture', optional: true })],
  {
    min: 1,
    max: 2,
    itemCheck: (job) => (job.jobEnd && job.jobEnd < job.jobStart ? [{ field: 'jobEnd', code: 'beforeStart', part: 'month' }] : []),
  },
);
const job = (employer: string, start = '2021-03', end = '') => ({ jobEmployer: employer, jobStart: month(start), jobEnd: end ? month(end) : month('') });
const context = contextOf();

describe('a repeat step', () => {
  it('keeps its items and its limits', () => {
    expect(jobs).toMatchObject({ kind: 'repeat', id: 'work-history', min: 1, max: 2 });
    expect(jobs.item.map((field) => field.name)).toEqual(['jobEmployer', 'jobStart', 'jobEnd']);
  });

  it('reads its raw answers as a list of items and whether the list was declared complete', () => {
    expect(rawRepeat(undefined)).toEqual({ items: [], done: false });
    expect(rawRepeat({ items: [{ jobEmployer: 'A' }, null, 'x'], done: 'true' })).toEqual({ items: [{ jobEmployer: 'A' }], done: false });
    expect(rawRepeat({ items: 'nothing', done: true })).toEqual({ items: [], done: true });
  });

  it('checks an item by its fields, then by its own check', () => {
    expect(validateItem(jobs, job('Anatolia', '2021-03'), context)).toEqual({ ok: true, values: { jobEmployer: 'Anatolia', jobStart: '2021-03' } });
    expect(validateItem(jobs, job(''), context)).toEqual({ ok: false, errors: [{ field: 'jobEmployer', code: 'required' }] });
    expect(validateItem(jobs, job('Anatolia', '2021-03', '2020-01'), context)).toEqual({ ok: false, errors: [{ field: 'jobEnd', code: 'beforeStart', part: 'month' }] });
  });

  it('refuses the list with codes for the list page: an item not complete, too few, too many, no answer to "another?"', () => {
    expect(validateRepeat(jobs, { items: [job('A'), job('')], done: true }, context)).toEqual({ ok: false, errors: [{ field: 'items', code: 'itemIncomplete', values: { number: 2 } }] });
    expect(validateRepeat(jobs, { items: [], done: true }, context)).toEqual({ ok: false, errors: [{ field: 'more', code: 'tooFewItems', values: { min: 1 } }] });
    expect(validateRepeat(jobs, { items: [job('A'), job('B'), job('C')], done: true }, context)).toEqual({ ok: false, errors: [{ field: 'items', code: 'tooManyItems', values: { max: 2 } }] });
    expect(validateRepeat(jobs, { items: [job('A')] }, context)).toEqual({ ok: false, errors: [{ field: 'more', code: 'required' }] });
    for (const code of ['itemIncomplete', 'tooManyItems']) expect(en(`${WORDS}.fields.items.errors.${code}`, { number: 2, max: 2 })).not.toBe('');
    expect(en(`${WORDS}.fields.more.errors.tooFewItems`)).not.toBe('');
  });

  it('accepts a complete list as the accepted values of each item', () => {
    expect(validateRepeat(jobs, { items: [job('A', '2021-03', '2022-01'), job('B', '2022-02')], done: true }, context)).toEqual({
      ok: true,
      values: { items: [{ jobEmployer: 'A', jobStart: '2021-03', jobEnd: '2022-01' }, { jobEmployer: 'B', jobStart: '2022-02' }] },
    });
  });

  it('reads on check your answers as one row an item, named by its number, each answer on a line', () => {
    const answers = { 'work-history': { items: [{ jobEmployer: 'A & B', jobStart: '2021-03' }] } };
    expect(rowsOf(SERVICE, jobs, answers)).toEqual([
      [
        en(`${WORDS}.itemTitle`, { number: 1 }),
        [
          `${en(`${WORDS}.fields.jobEmployer.label`)}: A & B`,
          `${en(`${WORDS}.fields.jobStart.label`)}: March 2021`,
          `${en(`${WORDS}.fields.jobEnd.label`)}: ${en('forms:notProvided')}`,
        ].join('\n'),
      ],
    ]);
    expect(rowsOf(SERVICE, jobs, { 'work-history': { items: [] } })).toEqual([]);
  });
});
