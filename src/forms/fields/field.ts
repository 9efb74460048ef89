// The union of every field type, and the radios field beside it: a radios field reveals fields under
// its options, so the two types refer to each other. Declared in one module, the registry
// (index.ts) and the radios module no longer import each other.
import type { OptionSource } from '../options.js';
import type { CheckboxesField } from './checkboxes.js';
import type { ConsentField } from './consent.js';
import type { DateField } from './date.js';
import type { EmailField } from './email.js';
import type { FileField } from './file.js';
import type { LongTextField } from './long-text.js';
import type { NumberField } from './number.js';
import type { PhoneField } from './phone.js';
import type { SelectField } from './select.js';
import type { TextField } from './text.js';
import type { CommonOptions, FieldCommon } from './types.js';

/** Every field type. A new type is a module of its own and a line here and in the registry (index.ts). */
export type Field =
  | TextField
  | LongTextField
  | EmailField
  | PhoneField
  | NumberField
  | DateField
  | RadiosField
  | SelectField
  | CheckboxesField
  | ConsentField
  | FileField;

export interface RadiosOptions<O extends string = string> extends CommonOptions {
  /** Fields shown under an option (a conditional reveal): asked, checked and kept only when it is chosen. */
  readonly reveal?: { readonly [K in O]?: readonly Field[] };
  /** Filled in from the page language when nothing is saved yet (a `languages` list). */
  readonly defaultFromLanguage?: boolean;
  /** Options laid side by side (two short ones, like yes and no). */
  readonly inline?: boolean;
  /** Where the options' words are when a shared list has them (`services:periods`), instead of the field's own. */
  readonly optionsFrom?: string;
}

export interface RadiosField<N extends string = string, O extends string = string> extends FieldCommon<N>, RadiosOptions<O> {
  readonly type: 'radios';
  readonly options: readonly O[] | OptionSource;
  readonly __value?: O;
}
