import { describe, expect, it } from 'vitest';
import type { DocumentRequirement } from '../../../src/documents/requirement.js';
import { file } from '../../../src/forms/fields/index.js';
import { fieldModule } from '../../../src/forms/fields/index.js';
import { fileRefs, formatSize } from '../../../src/forms/fields/file.js';
import { fieldWords } from '../../../src/forms/words.js';
import { accepted, codeOf, drawn, en, expectErrorMessage, expectNoErrorMessage, posted, readerIn, refused, summaryOf } from './support.js';

const DOCUMENTS = { service: 'work-permit', step: 'documents' };
const passport: DocumentRequirement = { id: 'passportPages', required: true, types: ['pdf', 'jpeg'], maxSizeMb: 5, maxFiles: 2 };
const pages = file(passport);
const health = file({ id: 'healthCertificate', required: false, types: ['pdf'], maxSizeMb: 5, maxFiles: 1 });
const NAME = en('services:documents.passportPages');

const ref = (id: string, size = 40 * 1024) => ({ id, name: `${id}.pdf`, size, type: 'pdf' });

describe('a file field', () => {
  it('reads nothing of the form: its files come from the document store', () => {
    expect(posted(pages, { passportPages: 'forged' })).toBeUndefined();
    expect(fileRefs([ref('a'), { id: 'b' }, 'c', null])).toEqual([ref('a')]);
  });

  it('is required as its document is, unless the step says otherwise', () => {
    expect(pages.optional).toBe(false);
    expect(health.optional).toBe(true);
    expect(file(passport, { optional: true }).optional).toBe(true);
  });

  it('accepts up to its number of files, and refuses with codes', () => {
    expect(accepted(pages, [ref('a'), ref('b')])).toEqual([ref('a'), ref('b')]);
    expect(codeOf(pages, [])).toBe('fileRequired');
    expect(codeOf(pages, [{ id: 'not a file' }])).toBe('fileRequired');
    expect(refused(pages, [ref('a'), ref('b'), ref('c')])).toMatchObject({ code: 'tooManyFiles', values: { max: 2 } });
    expect(accepted(health, [])).toBeUndefined();
  });

  it('draws the upload with the document\'s name, its rules and what it accepts', () => {
    const view = drawn(pages, { scope: DOCUMENTS });
    expect(view.macro).toBe('appFileUpload');
    expect(view.params).toMatchObject({
      id: 'passportPages',
      name: 'passportPages',
      label: { text: NAME, classes: 'govuk-label--m' },
      hint: { text: en('forms:upload.rules', { types: 'PDF, JPG', size: 5, count: 2 }) },
      multiple: true,
      attributes: { accept: '.pdf,application/pdf,.jpg,.jpeg,image/jpeg' },
      chooseFilesButtonText: en('forms:upload.chooseFiles', { count: 2 }),
    });
    expect(view.extra).toEqual({ files: [], full: false, maxFiles: 2 });
    expectNoErrorMessage(view);
    // Never the page heading, even alone on its page.
    expect(fieldModule(pages).label!(pages, fieldWords(readerIn('en'), DOCUMENTS, 'passportPages'), readerIn('en'))).toBe(NAME);
    expect(drawn(health, { scope: DOCUMENTS }).params).toMatchObject({ label: { text: `${en('services:documents.healthCertificate')} ${en('forms:optionalMarker')}` }, multiple: false });
  });

  it('draws the files uploaded with their sizes, full when there are as many as it takes', () => {
    const one = drawn(pages, { scope: DOCUMENTS, raw: [ref('a')] });
    expect(one.extra).toEqual({ files: [{ ...ref('a'), sizeText: '40 KB' }], full: false, maxFiles: 2 });
    expect(drawn(pages, { scope: DOCUMENTS, raw: [ref('a'), ref('b', 2 * 1024 * 1024)] }).extra).toMatchObject({ full: true });
  });

  it('draws its error with the figures', () => {
    const view = drawn(pages, { scope: DOCUMENTS, error: { field: 'passportPages', code: 'tooManyFiles', values: { max: 2 } } });
    expectErrorMessage(view, 'forms:errors.tooManyFiles', { max: 2 });
    expectErrorMessage(drawn(pages, { scope: DOCUMENTS, error: { field: 'passportPages', code: 'fileRequired' } }), 'forms:errors.fileRequired');
  });

  it('writes sizes as a reader of the page language does', () => {
    const reader = readerIn('en');
    expect(formatSize(100, reader)).toBe('1 KB');
    expect(formatSize(1.25 * 1024 * 1024, reader)).toBe('1.3 MB');
    expect(formatSize(1.25 * 1024 * 1024, readerIn('ru'))).toBe(readerIn('ru').t('forms:upload.sizeMb', { size: '1,3' }));
  });

  it('reads in a summary as the files\' names and sizes, one a line', () => {
    expect(summaryOf(pages, [ref('a'), ref('b', 2 * 1024 * 1024)], DOCUMENTS).text).toBe('a.pdf (40 KB)\nb.pdf (2 MB)');
  });
});
