import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../../src/catalogue/index.js';
import { fieldViews } from '../../../src/forms/field-views.js';
import { checkboxes, consent, date, email, fieldModule, longText, number, phone, radios, select, text, type Field } from '../../../src/forms/fields/index.js';
import { file } from '../../../src/forms/fields/index.js';
import type { FieldView } from '../../../src/forms/fields/types.js';
import type { FieldError, RawStep } from '../../../src/forms/model.js';
import { optionValues } from '../../../src/forms/options.js';
import type { WordScope } from '../../../src/forms/words.js';
import type { Language } from '../../../src/i18n/languages.js';
import { GOVUK_DIR, VIEWS_DIR } from '../../../src/paths.js';
import { addFieldHelpers } from '../../../src/views.js';
import { readerIn } from './support.js';

/*
 * A field drawn from its shape's kept drawing (appField) must be the govuk macros' drawing
 * (appFieldMacros) byte for byte: for every field type and every field of the catalogue's journeys,
 * empty, filled, in error and with its reveals open, as the page heading and not, in each language.
 */

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIR]), { autoescape: true, throwOnUndefined: false });
addFieldHelpers(env);
const compiledField = env.getGlobal('compiledField') as (view: FieldView) => string | undefined;
const compiledFields = env.getGlobal('compiledFields') as (views: readonly FieldView[]) => string | undefined;
const page = (macro: string) =>
  new nunjucks.Template(`{% from "forms/field.njk" import ${macro} %}{% for view in fields %}{{ ${macro}(view, "/files", t) }}{% endfor %}`, env);
const compiled = page('appField');
const macros = page('appFieldMacros');

const LANGUAGES: readonly Language[] = ['az', 'en', 'ru'];
/** Every character the escaping treats, a line break (indented by some macros), spaces a macro may trim, letters of each language, and what a slot looks like. */
const TYPED = `  Əli \u2003 & <b>"Məmmədov"</b> 'Ивано\\в'\n  second line \u00010\n&\u0002\u2003 `;

/** One field of each type the registry knows: a type without one here does not compile. */
const DOC = { id: 'passportCopy', required: true, types: ['pdf', 'jpeg'], maxSizeMb: 5, maxFiles: 2 } as const;
const EACH_TYPE: { [K in Field['type']]: readonly Field[] } = {
  text: [text('familyName', { width: '20', autocomplete: 'family-name', spellcheck: false }), text('plain', { optional: true })],
  longText: [longText('reason'), longText('note', { maxLength: 300, rows: 3, optional: true })],
  email: [email('email')],
  phone: [phone('phone')],
  number: [number('amount', { money: true }), number('count')],
  date: [date('birth', { autocomplete: 'bday' }), date('start', { precision: 'month', optional: true })],
  radios: [
    radios('sex', ['male', 'female'], { inline: true }),
    radios('language', 'languages', { defaultFromLanguage: true }),
    radios('many', ['a', 'b', 'c', 'd', 'e', 'f', 'g']),
    radios('hasPassport', ['yes', 'no'], {
      reveal: {
        yes: [text('passportNumber'), date('issued'), radios('kind', ['x', 'y'], { reveal: { x: [longText('why')] } })],
        no: [email('contact')],
      },
    }),
  ],
  select: [select('citizenship', 'countries', { autocomplete: 'country-name' }), select('colour', ['red', 'blue'])],
  checkboxes: [checkboxes('reasons', ['work', 'study', 'none'], { exclusive: 'none' })],
  consent: [consent('agree')],
  file: [file(DOC)],
};

function withoutConditions(fields: readonly Field[]): Field[] {
  return fields.map((field) => ({ ...field, when: undefined }) as Field);
}

/** What a person could have typed or chosen in each field: the first option, or the option whose reveal is open. */
function filledValue(field: Field, reveal: boolean): unknown {
  switch (field.type) {
    case 'date':
      return { day: '<1>', month: '2', year: TYPED };
    case 'radios': {
      const values = optionValues(field.options);
      const revealing = values.find((value) => field.reveal?.[value]?.length);
      return reveal && revealing ? revealing : values[values.length - 1];
    }
    case 'select':
      return optionValues(field.options)[1];
    case 'checkboxes':
      return field.options.slice(0, 2);
    case 'consent':
      return 'yes';
    case 'file':
      return [{ id: 'f1', name: TYPED, size: 2048 }];
    default:
      return TYPED;
  }
}

function everyField(fields: readonly Field[]): Field[] {
  return fields.flatMap((field) => [field, ...everyField((fieldModule(field).nested?.(field) ?? []) as Field[])]);
}

type State = 'empty' | 'filled' | 'revealed' | 'error' | 'partError';

function rawOf(fields: readonly Field[], state: State): RawStep {
  if (state === 'empty') return {};
  return Object.fromEntries(everyField(fields).map((field) => [field.name, filledValue(field, state !== 'filled')]));
}

function errorsOf(fields: readonly Field[], state: State): FieldError[] {
  if (state !== 'error' && state !== 'partError') return [];
  return everyField(fields).map((field) => {
    const code = fieldModule(field).codes[fieldModule(field).codes.length - 1]!;
    return { field: field.name, code, ...(state === 'partError' && field.type === 'date' ? { part: 'year' } : {}), values: { max: 10, min: 1 } };
  });
}

function expectSameDrawing(fields: readonly Field[], scope: WordScope, lang: Language, state: State): void {
  const reader = readerIn(lang);
  const views = fieldViews(fields, { scope, reader, raw: rawOf(fields, state), errors: errorsOf(fields, state), answers: {} });
  for (const view of views) if (view.macro !== 'appFileUpload') expect(compiledField(view), view.name).toBeTypeOf('string');
  // A step's fields at once: each field's drawing, or none where one is left to its macro (a file).
  const each = views.map((view) => compiledField(view));
  expect(compiledFields(views)).toBe(each.every((html) => html !== undefined) ? each.join('\n') : undefined);
  const context = { fields: views, t: reader.t };
  expect(compiled.render(context)).toBe(macros.render(context));
}

const STATES: readonly State[] = ['empty', 'filled', 'revealed', 'error', 'partError'];
const ANOTHER = text('another');

describe('a field drawn from its kept drawing is the govuk macros’ drawing', () => {
  for (const [type, fields] of Object.entries(EACH_TYPE)) {
    it(`${type}: alone (the page heading) and beside another field, in every state and language`, () => {
      const scope = { service: 'temporary-residence', step: 'identity' };
      for (const lang of LANGUAGES)
        for (const state of STATES)
          for (const field of fields) {
            expectSameDrawing([field], scope, lang, state);
            expectSameDrawing([field, ANOTHER], scope, lang, state);
          }
    });
  }

  for (const service of SERVICES.filter((candidate) => candidate.journey)) {
    it(`every question of ${service.id}, in every state and language`, () => {
      for (const step of service.journey!.steps) {
        const fields = step.kind === 'question' ? step.fields : step.kind === 'repeat' ? step.item : undefined;
        if (!fields) continue;
        const scope = { service: service.id, step: step.id };
        for (const lang of LANGUAGES)
          for (const state of STATES) {
            expectSameDrawing(withoutConditions(fields), scope, lang, state);
            if (fields.length > 1) for (const field of fields) expectSameDrawing(withoutConditions([field]), scope, lang, state);
          }
      }
    });
  }
});
