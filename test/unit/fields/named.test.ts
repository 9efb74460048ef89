import { describe, expect, it } from 'vitest';
import { identityFields, travelDocumentFields } from '../../../src/catalogue/blocks/person.js';
import { fieldNamed, fieldsNamed } from '../../../src/forms/fields/index.js';

describe('a block field taken by name', () => {
  it('is the field of that name, wherever the block puts it', () => {
    expect(fieldNamed(identityFields, 'dateOfBirth')).toMatchObject({ type: 'date', name: 'dateOfBirth' });
    expect(fieldNamed(travelDocumentFields, 'documentNumber')).toMatchObject({ type: 'text', name: 'documentNumber' });
  });

  it('several come in the order they are named, not the order of the block', () => {
    expect(fieldsNamed(identityFields, 'dateOfBirth', 'surname').map((field) => field.name)).toEqual(['dateOfBirth', 'surname']);
  });

  it('a name the block lacks fails at once, naming what it has', () => {
    // @ts-expect-error: the types refuse a name the block lacks; this is the same mistake past them.
    expect(() => fieldNamed(identityFields, 'documentNumber')).toThrow('No field named "documentNumber" among surname, givenNames, patronymic, dateOfBirth, sex, citizenship, placeOfBirth');
  });
});
