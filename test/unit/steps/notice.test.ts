import { describe, expect, it } from 'vitest';
import { exit, notice, validateExit, validateNotice } from '../../../src/forms/steps/notice.js';
import { stepKeys } from '../../../src/forms/words.js';
import { contextOf, readerIn, rowsOf } from '../fields/support.js';

const SERVICE = 'registration-at-place-of-stay';
const late = notice('late-registration', { values: (answers) => ({ deadline: String(answers.entry?.deadline) }) });
const exempt = exit('exempt');

describe('a notice step', () => {
  it('tells something on the way, with figures from earlier answers', () => {
    expect(late.kind).toBe('notice');
    expect(late.values!({ entry: { deadline: '2026-03-01' } }, contextOf())).toEqual({ deadline: '2026-03-01' });
    expect(notice('absence-warning')).toEqual({ kind: 'notice', id: 'absence-warning' });
  });

  it('is finished once Continue was pressed on it, and asks nothing', () => {
    expect(validateNotice(undefined)).toEqual({ ok: false, errors: [] });
    expect(validateNotice({})).toEqual({ ok: true, values: {} });
  });

  it('reads its words from the service\'s step, with the figures put in', () => {
    const { t } = readerIn('en');
    const title = t(stepKeys(SERVICE, 'late-registration', undefined, 'title'));
    expect(title).not.toMatch(/^services/);
    const body = t(stepKeys(SERVICE, 'late-registration', undefined, 'body'), { deadline: '1 March 2026' });
    expect(body).toContain('1 March 2026');
    expect(readerIn('az').t(stepKeys(SERVICE, 'late-registration', undefined, 'body'), { deadline: 'X' })).toContain('X');
  });

  it('shows nothing on check your answers', () => {
    expect(rowsOf(SERVICE, late, { 'late-registration': {} })).toEqual([]);
  });
});

describe('an exit step', () => {
  it('ends the journey: it is never finished, whatever is sent', () => {
    expect(exempt).toEqual({ kind: 'exit', id: 'exempt' });
    expect(validateExit()).toEqual({ ok: false, errors: [] });
    expect(rowsOf('work-permit', exempt, { exempt: {} })).toEqual([]);
  });
});
