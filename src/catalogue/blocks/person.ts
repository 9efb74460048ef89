import { date, radios, select, text } from '../../forms/fields/index.js';
import { question } from '../../forms/steps/question.js';

/** The common blocks of the catalogue, defined once: a service asks them under step ids and words of its own. */

const NAME = { maxLength: 100, letters: true, spellcheck: false } as const;

/**
 * Whose citizenship the identity block asks: a foreigner's or a stateless person's (Azerbaijan is not
 * offered), unless a service says a citizen of Azerbaijan may answer too.
 */
type CitizenshipList = 'foreignCountriesAndStateless' | 'countriesAndStateless';

function identityFieldsWith(citizenship: CitizenshipList) {
  return [
    text('surname', { ...NAME, autocomplete: 'family-name' }),
    text('givenNames', { ...NAME, autocomplete: 'given-name' }),
    text('patronymic', { ...NAME, optional: true, autocomplete: 'additional-name' }),
    date('dateOfBirth', { time: 'past', autocomplete: 'bday' }),
    radios('sex', ['female', 'male'], { inline: true }),
    select('citizenship', citizenship),
    text('placeOfBirth', { maxLength: 100 }),
  ] as const;
}

/** A foreigner or stateless person, as in their travel document. */
export const identityFields = identityFieldsWith('foreignCountriesAndStateless');

/** Who the application is about, as in their travel document; `citizenship: 'countriesAndStateless'` where Azerbaijan is an answer too. */
export function identityStep<const Id extends string>(id: Id, options: { citizenship?: CitizenshipList } = {}) {
  return question(id, identityFieldsWith(options.citizenship ?? 'foreignCountriesAndStateless'), { block: 'identity' });
}

/**
 * Which state issued the travel document. Azerbaijan is offered: it issues travel documents to the
 * refugees and stateless persons who live here. A service asking for a foreign passport says so.
 */
type IssuerList = 'countries' | 'foreignCountries';

function travelDocumentFieldsWith(issuedBy: IssuerList) {
  return [
    text('documentNumber', { uppercase: true, strip: /[\s-]/g, pattern: /^[A-Z0-9]{5,20}$/, width: '20', spellcheck: false }),
    select('documentCountry', issuedBy),
    date('documentIssueDate', { time: 'notFuture' }),
    date('documentExpiryDate', { time: 'future' }),
  ] as const;
}

export const travelDocumentFields = travelDocumentFieldsWith('countries');

export function travelDocumentStep<const Id extends string>(id: Id, options: { issuedBy?: IssuerList } = {}) {
  return question(id, travelDocumentFieldsWith(options.issuedBy ?? 'countries'), {
    block: 'travelDocument',
    check: (values) =>
      values.documentExpiryDate <= values.documentIssueDate ? [{ field: 'documentExpiryDate', code: 'beforeIssue', part: 'day' }] : [],
  });
}

// The engine compares document numbers too (a draft's, an application's), so the rule is its own.
export { normaliseDocumentNumber } from '../../forms/person-identifier.js';

/** The name fields of a step made from the identity fields: surname, given names, patronymic. */
export function nameIn<const Id extends string>(step: Id) {
  return { surname: [step, 'surname'], givenNames: [step, 'givenNames'], patronymic: [step, 'patronymic'] } as const;
}

/** Where a journey that asks `identityStep(personStep)`, `travelDocumentStep('travel-document')` and `contactStep('contact')` names its person. */
export function foreignerRefs<const Person extends string>(personStep: Person) {
  return {
    name: nameIn(personStep),
    dateOfBirth: [personStep, 'dateOfBirth'],
    documentNumber: ['travel-document', 'documentNumber'],
    citizenship: [personStep, 'citizenship'],
    email: ['contact', 'email'],
  } as const;
}

export const FOREIGNER_REFS = foreignerRefs('identity');
