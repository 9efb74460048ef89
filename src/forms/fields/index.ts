import type { Answers } from '../model.js';
import { checkboxesModule } from './checkboxes.js';
import { consentModule } from './consent.js';
import { dateModule } from './date.js';
import { emailModule } from './email.js';
import type { Field } from './field.js';
import { fileModule } from './file.js';
import { longTextModule } from './long-text.js';
import { numberModule } from './number.js';
import { phoneModule } from './phone.js';
import { radiosModule } from './radios.js';
import { selectModule } from './select.js';
import { textModule } from './text.js';
import type { FieldCommon, FieldModule } from './types.js';

export { checkboxes } from './checkboxes.js';
export { consent } from './consent.js';
export { date } from './date.js';
export { email } from './email.js';
export { file } from './file.js';
export { longText } from './long-text.js';
export { fieldNamed, fieldsNamed } from './named.js';
export { number } from './number.js';
export { phone } from './phone.js';
export { radios } from './radios.js';
export { select } from './select.js';
export { text } from './text.js';

export type { Field };

type FieldType = Field['type'];

const MODULES: { [K in FieldType]: FieldModule<Extract<Field, { type: K }>> } = {
  text: textModule,
  longText: longTextModule,
  email: emailModule,
  phone: phoneModule,
  number: numberModule,
  date: dateModule,
  radios: radiosModule,
  select: selectModule,
  checkboxes: checkboxesModule,
  consent: consentModule,
  file: fileModule,
};

export function fieldModule<F extends Field>(field: F): FieldModule<F> {
  return MODULES[field.type] as unknown as FieldModule<F>;
}

/** A step's fields are the catalogue's, the same array on every request: their flattening is made once. */
const flattened = new WeakMap<readonly Field[], readonly Field[]>();

/** The fields of a list with every field nested under their options, in page order. */
export function allFields(fields: readonly Field[]): readonly Field[] {
  let all = flattened.get(fields);
  if (!all) {
    all = fields.flatMap((field) => [field, ...allFields((fieldModule(field).nested?.(field) ?? []) as Field[])]);
    flattened.set(fields, all);
  }
  return all;
}

/**
 * The fields that are asked, given earlier answers (`when`) and this step's own choices (a field
 * revealed under an option shows only when that option is chosen). `values` may be what was typed
 * or what was accepted: choices read the same in both.
 */
export function visibleFields(fields: readonly Field[], values: Record<string, unknown> | undefined, answers: Answers): Field[] {
  return fields.flatMap((field) => {
    if (field.when && !field.when(answers)) return [];
    const revealed = (fieldModule(field).revealed?.(field, values?.[field.name]) ?? []) as Field[];
    return [field, ...visibleFields(revealed, values, answers)];
  });
}

/** Asked only on some paths or under some option: absent from the accepted values otherwise. */
export function isConditional(field: FieldCommon, nested: boolean): boolean {
  return nested || !!field.when || !!field.optional;
}

/* The accepted values of a list of fields, as types: what `z.infer` of the step's schema gives. */
type ValueOf<F> = F extends { readonly __value?: infer V } ? V : never;
type Nested<F> = F extends { readonly reveal?: infer R } ? (R extends Record<string, readonly Field[] | undefined> ? NonNullable<R[keyof R]>[number] : never) : never;
type Always<F> = F extends { readonly optional: true } | { readonly when: (answers: Answers) => boolean } ? never : F;

export type FieldValues<Fs extends readonly Field[]> = {
  [F in Always<Fs[number]> as F['name']]: ValueOf<F>;
} & {
  [F in Exclude<Fs[number], Always<Fs[number]>> | Nested<Fs[number]> as F['name']]?: ValueOf<F>;
};
