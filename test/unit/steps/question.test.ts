import { describe, expect, it } from 'vitest';
import { consent, date, file, number, radios, text } from '../../../src/forms/fields/index.js';
import { fieldViews } from '../../../src/forms/field-views.js';
import type { Answers } from '../../../src/forms/model.js';
import { fieldsSchema, keepVisible, question, readFields, validateFields } from '../../../src/forms/steps/question.js';
import { contextOf, en, readerIn, rowsOf, TODAY } from '../fields/support.js';

const SERVICE = 'temporary-residence-permit';
const WORDS = `services/${SERVICE}:steps.housing.fields`;
const hostName = text('hostName', { letters: true });
const housing = radios('housing', ['own', 'hosted'], { reveal: { hosted: [hostName, consent('hostAgrees')] } });
const apartment = text('apartment', { optional: true });
const onlyForHosts = number('yearsOfResidence', { when: (answers: Answers) => answers.ground?.kind === 'host' });
const step = question('housing', [housing, apartment, onlyForHosts], {
  check: (values) => (values.hostName === 'Nobody' ? [{ field: 'hostName', code: 'noLetters' }] : []),
});
const answers = { ground: { kind: 'host' } };

describe('a question step', () => {
  it('is a page of fields, with a check across them', () => {
    expect(step).toMatchObject({ kind: 'question', id: 'housing', fields: [housing, apartment, onlyForHosts], block: undefined });
    expect(question('identity', [hostName], { block: 'identity' }).block).toBe('identity');
  });

  it('reads every field of a posted form, those under options too, and no file', () => {
    const body = { housing: 'hosted', hostName: 'Ali', hostAgrees: 'yes', apartment: ['4', '5'], yearsOfResidence: '3', stranger: 'x', passportPages: 'x' };
    expect(readFields([...step.fields, file({ id: 'passportPages', required: true, types: ['pdf'], maxSizeMb: 5, maxFiles: 1 })], body)).toEqual({
      housing: 'hosted',
      hostName: 'Ali',
      hostAgrees: 'yes',
      apartment: '4',
      yearsOfResidence: '3',
    });
  });

  it('keeps the fields asked on this path, an untouched one as empty, and drops the rest', () => {
    expect(keepVisible(step.fields, { housing: 'own', hostName: 'Ali' }, contextOf())).toEqual({ housing: 'own', apartment: '' });
    expect(keepVisible(step.fields, undefined, contextOf(answers))).toEqual({ housing: '', apartment: '', yearsOfResidence: '' });
  });

  it('accepts the values of the fields asked, without the optional ones left empty', () => {
    expect(validateFields(step.fields, { housing: 'own', apartment: '', yearsOfResidence: '3' }, contextOf(), step.check)).toEqual({ ok: true, values: { housing: 'own' } });
    expect(validateFields(step.fields, { housing: 'own', yearsOfResidence: '3' }, contextOf(answers), step.check)).toEqual({ ok: true, values: { housing: 'own', yearsOfResidence: 3 } });
  });

  it('refuses each field with its first code, in page order, and runs its check only when every field is valid', () => {
    expect(validateFields(step.fields, { housing: 'hosted', hostName: '', yearsOfResidence: 'x' }, contextOf(answers), step.check)).toEqual({
      ok: false,
      errors: [
        { field: 'hostName', code: 'required' },
        { field: 'hostAgrees', code: 'required' },
        { field: 'yearsOfResidence', code: 'wholeNumber' },
      ],
    });
    expect(validateFields(step.fields, { housing: 'hosted', hostName: 'Nobody', hostAgrees: 'yes' }, contextOf(), step.check)).toEqual({
      ok: false,
      errors: [{ field: 'hostName', code: 'noLetters' }],
    });
  });

  it('makes its schema once a day, since a date\'s rule depends on today', () => {
    const fields = [date('dateOfBirth', { time: 'past' })];
    const first = fieldsSchema(fields, { today: TODAY });
    expect(fieldsSchema(fields, { today: TODAY })).toBe(first);
    expect(fieldsSchema(fields, { today: '2026-03-17' })).not.toBe(first);
  });

  it('draws the fields asked, the only one as the page heading', () => {
    const input = { scope: { service: SERVICE, step: 'housing' }, reader: readerIn('en'), raw: { housing: 'own' }, errors: [], answers: {} };
    const views = fieldViews(step.fields, input);
    expect(views.map((view) => view.name)).toEqual(['housing', 'apartment']);
    expect(views[0]!.params.fieldset).toMatchObject({ legend: { isPageHeading: false } });
    const alone = fieldViews([housing], input);
    expect(alone[0]!.params.fieldset).toMatchObject({ legend: { text: en(`${WORDS}.housing.label`), isPageHeading: true } });
    expect(fieldViews(step.fields, { ...input, answers }).map((view) => view.name)).toEqual(['housing', 'apartment', 'yearsOfResidence']);
  });

  it('reads on check your answers field by field, only those asked, "not provided" for an optional one left empty', () => {
    expect(rowsOf(SERVICE, step, { housing: { housing: 'own' } })).toEqual([
      [en(`${WORDS}.housing.label`), en(`${WORDS}.housing.options.own`)],
      [en('forms:fields.apartment.label'), en('forms:notProvided')],
    ]);
    expect(rowsOf(SERVICE, step, { ...answers, housing: { housing: 'hosted', hostName: 'Ali Aliyev', hostAgrees: 'yes', yearsOfResidence: 3 } }).slice(1, 3)).toEqual([
      [en(`${WORDS}.hostName.label`), 'Ali Aliyev'],
      [en(`${WORDS}.hostAgrees.label`), en(`${WORDS}.hostAgrees.statement`)],
    ]);
    expect(rowsOf(SERVICE, step, {})).toEqual([]);
  });
});
