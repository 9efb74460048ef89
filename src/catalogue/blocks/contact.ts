import { email, phone, radios } from '../../forms/fields/index.js';
import { question } from '../../forms/steps/question.js';

const contactFields = [
  email('email'),
  phone('phone'),
  radios('preferredLanguage', 'languages', { defaultFromLanguage: true }),
] as const;

/** Where notices about the application go, and in which language. */
export function contactStep<const Id extends string>(id: Id) {
  return question(id, contactFields, { block: 'contact' });
}
