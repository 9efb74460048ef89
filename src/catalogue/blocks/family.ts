import { date, radios, select, text } from '../../forms/fields/index.js';
import { question } from '../../forms/steps/question.js';
import { repeat } from '../../forms/steps/repeat.js';
import { fieldsOf } from '../../http/fields.js';

/**
 * Whether the person has family to list, then each member (asked only after a yes: see `familyAsked`).
 * A member's citizenship may be Azerbaijan's (a foreigner's wife, a citizen's child), or none.
 */
export function familySteps() {
  return [
    question('has-family', [radios('hasFamily', ['yes', 'no'], { inline: true })]),
    repeat(
      'family',
      [radios('relation', ['spouse', 'child', 'parent', 'sibling']), text('memberName', { maxLength: 150, letters: true }), date('memberBirthDate', { time: 'past' }), select('memberCitizenship', 'countriesAndStateless')],
      { min: 1, max: 20, describedBy: ['memberName'] },
    ),
  ] as const;
}

export function familyAsked(answers: Readonly<Record<string, unknown>>): boolean {
  return fieldsOf(answers['has-family']).hasFamily === 'yes';
}
