import { z } from 'zod';
import type { DocumentRequirement, DocumentType } from '../../documents/requirement.js';
import { perLanguage } from '../../i18n/format.js';
import type { FileRef } from '../model.js';
import type { FieldWords, Reader } from '../words.js';
import { errorMessage, linesHtml, refuse } from './shared.js';
import type { CommonOptions, FieldCommon, FieldModule } from './types.js';

export interface FileOptions extends CommonOptions {
  /** Overrides the document's own `required`, for a document needed only on some paths. */
  readonly optional?: boolean;
}

/** One document of the service's list: uploaded on its step, one or more files. */
export interface FileField<N extends string = string> extends FieldCommon<N>, FileOptions {
  readonly type: 'file';
  readonly document: DocumentRequirement;
  readonly __value?: FileRef[];
}

export function file<const D extends DocumentRequirement, const O extends FileOptions = object>(
  document: D,
  options?: O,
): FileField<D['id']> & NoInfer<O> {
  return { type: 'file', name: document.id, document, optional: !document.required, ...(options as O) };
}

const MEDIA_TYPES: Record<DocumentType, string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' };
const EXTENSIONS: Record<DocumentType, string[]> = { pdf: ['.pdf'], jpeg: ['.jpg', '.jpeg'], png: ['.png'] };

function isFileRef(item: unknown): item is FileRef {
  const file = item as FileRef | null;
  return !!file && typeof file === 'object' && typeof file.id === 'string' && typeof file.name === 'string' && typeof file.size === 'number';
}

export function fileRefs(raw: unknown): FileRef[] {
  return Array.isArray(raw) ? raw.filter(isFileRef) : [];
}

/** Made once per language: making one per file took a tenth of a check-your-answers page. */
const SIZE_NUMBERS = perLanguage((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }));

/** 1.2 MB, 340 KB: as a reader of the page language writes sizes. */
export function formatSize(bytes: number, reader: Reader): string {
  const megabytes = bytes / (1024 * 1024);
  const number = SIZE_NUMBERS[reader.lang];
  return megabytes >= 0.1
    ? reader.t('forms:upload.sizeMb', { size: number.format(megabytes) })
    : reader.t('forms:upload.sizeKb', { size: number.format(Math.max(1, Math.round(bytes / 1024))) });
}

function typeNames(document: DocumentRequirement, reader: Reader): string {
  return document.types.map((type) => reader.t(`forms:upload.types.${type}`)).join(', ');
}

/** The rules under the label: which types, how large, how many. */
function rulesHint(document: DocumentRequirement, reader: Reader): string {
  return reader.t('forms:upload.rules', { types: typeNames(document, reader), size: document.maxSizeMb, count: document.maxFiles });
}

/** The document's name from the service's list, unless the step words name it otherwise. */
function documentName(field: FileField, words: FieldWords, reader: Reader): string {
  return words.part('label') || reader.t(`services:documents.${field.document.id}`);
}

export const fileModule: FieldModule<FileField> = {
  codes: ['fileRequired', 'tooManyFiles', 'fileTooLarge', 'emptyFile', 'wrongFileType', 'badFileName', 'totalTooLarge'],
  label: documentName,
  // Files never come from the form's text: they are read from the document store (see documents/).
  read: () => undefined,
  empty: () => [],
  schema: (field) =>
    z.unknown().transform((raw, ctx) => {
      const files = fileRefs(raw);
      if (!files.length) return field.optional ? undefined : refuse(ctx, 'fileRequired');
      if (files.length > field.document.maxFiles) return refuse(ctx, 'tooManyFiles', { values: { max: field.document.maxFiles } });
      return files;
    }),
  view: (field, raw, error, words, reader) => {
    const files = fileRefs(raw);
    const own = words.hint();
    return {
      name: field.name,
      macro: 'appFileUpload',
      params: {
        id: field.name,
        name: field.name,
        label: { text: field.optional ? `${documentName(field, words, reader)} ${reader.t('forms:optionalMarker')}` : documentName(field, words, reader), classes: 'govuk-label--m' },
        hint: { text: own ? `${own} ${rulesHint(field.document, reader)}` : rulesHint(field.document, reader) },
        errorMessage: errorMessage(words, reader, error),
        multiple: field.document.maxFiles > 1,
        javascript: true,
        attributes: {
          accept: field.document.types.flatMap((type) => [...EXTENSIONS[type], MEDIA_TYPES[type]]).join(','),
        },
        chooseFilesButtonText: reader.t('forms:upload.chooseFiles', { count: field.document.maxFiles }),
        dropInstructionText: reader.t('forms:upload.dropInstruction', { count: field.document.maxFiles }),
        noFileChosenText: reader.t('forms:upload.noFileChosen'),
        multipleFilesChosenText: reader.t('forms:upload.filesChosen', { returnObjects: true }),
        enteredDropZoneText: reader.t('forms:upload.enteredDropZone'),
        leftDropZoneText: reader.t('forms:upload.leftDropZone'),
      },
      extra: {
        files: files.map((item) => ({ ...item, sizeText: formatSize(item.size, reader) })),
        full: files.length >= field.document.maxFiles,
        maxFiles: field.document.maxFiles,
      },
    };
  },
  summary: (_field, value, _words, reader) => linesHtml(fileRefs(value).map((item) => `${item.name} (${formatSize(item.size, reader)})`)),
};
