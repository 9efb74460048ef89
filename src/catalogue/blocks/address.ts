import { select, text } from '../../forms/fields/index.js';
import { question } from '../../forms/steps/question.js';

const addressFields = [
  select('city', 'places'),
  text('street', { maxLength: 150, autocomplete: 'address-line1' }),
  text('building', { maxLength: 20, width: '10' }),
  text('apartment', { maxLength: 20, width: '10', optional: true }),
  text('postcode', { optional: true, uppercase: true, strip: /[\s-]/g, pattern: /^(AZ)?\d{4}$/, width: '10', autocomplete: 'postal-code' }),
] as const;

/** An address in Azerbaijan. A service asks it as often as it needs, each time under its own step id and words. */
export function addressStep<const Id extends string>(id: Id) {
  return question(id, addressFields, { block: 'address' });
}
