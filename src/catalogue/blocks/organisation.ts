import { phone, text } from '../../forms/fields/index.js';
import { question } from '../../forms/steps/question.js';

/** VÖEN: the tax number of an organisation, 10 digits. */
export const TAX_NUMBER = { strip: /\s/g, pattern: /^\d{10}$/, width: '10', inputmode: 'numeric', spellcheck: false } as const;
/** FIN: the personal identification number on an Azerbaijani identity card, 7 letters and digits. */
export const FIN = { uppercase: true, strip: /\s/g, pattern: /^[A-Z0-9]{7}$/, width: '10', spellcheck: false } as const;

export const employerFields = [
  text('organisationName', { maxLength: 200, autocomplete: 'organization' }),
  text('organisationTaxNumber', TAX_NUMBER),
  text('contactPersonName', { maxLength: 150, letters: true, autocomplete: 'name' }),
  text('contactPersonPosition', { maxLength: 150, autocomplete: 'organization-title' }),
  phone('contactPersonPhone', { autocomplete: 'work tel' }),
] as const;

/** The employer that applies, and the person there who answers for the application. */
export function employerStep<const Id extends string>(id: Id) {
  return question(id, employerFields, { block: 'employer' });
}
