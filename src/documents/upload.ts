import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import type { Queryable } from '../db/knex.js';
import { MEDIA_TYPES, type FileField } from '../forms/fields/file.js';
import type { FieldError } from '../forms/model.js';
import { safeDisplayName } from './names.js';
import type { DocumentRow } from './repository.js';
import { sniffDocumentType } from './sniff.js';
import type { DocumentStorage } from './storage.js';

const MEGABYTE = 1024 * 1024;

/** What multer refused of an upload request, kept for the page to say next to its document. */
export interface UploadRefusal {
  code: string;
  field?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    uploadRefusal?: UploadRefusal;
  }
}

/** The file fields a multipart request may carry, found from the request (its path, or the session's application). */
export type FileFieldsFor = (req: Request) => readonly FileField[] | undefined | Promise<readonly FileField[] | undefined>;

/** What a page with files may send besides them: a form's text fields, one of which may be long (a reply of 5,000 characters). */
export interface UploadFormLimits {
  /** The largest text field, in bytes: 4 kB unless the page has a long answer. */
  fieldSize?: number;
}

/**
 * Reads a multipart form for a step that has file fields, with limits from that step's documents,
 * before the CSRF check, which then reads its token from the fields. Any other multipart request
 * is left unread, so its CSRF check fails. A limit reached is not an error page: the refusal is
 * kept on the request and told next to the document, with everything else on the page kept.
 */
export function uploadParser(fileFieldsFor: FileFieldsFor, formLimits: UploadFormLimits = {}): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    let fields: readonly FileField[] | undefined;
    try {
      fields = await fileFieldsFor(req);
    } catch (error) {
      return next(error);
    }
    if (!fields?.length) return next();
    const parse = multer({
      storage: multer.memoryStorage(),
      // The name as sent, so a name with a path can be refused rather than silently cut; in UTF-8, as browsers send it.
      preservePath: true,
      defParamCharset: 'utf8',
      limits: {
        fileSize: Math.max(...fields.map((field) => field.document.maxSizeMb)) * MEGABYTE,
        files: fields.reduce((total, field) => total + field.document.maxFiles, 0),
        fields: 20,
        fieldSize: formLimits.fieldSize ?? 4096,
        parts: 20 + fields.reduce((total, field) => total + field.document.maxFiles, 0),
      },
    }).fields(fields.map((field) => ({ name: field.name, maxCount: field.document.maxFiles })));
    parse(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        req.uploadRefusal = { code: error.code, field: error.field };
        return next();
      }
      // A body that is not the multipart it claims to be: nothing a browser sends.
      if (error) return next(Object.assign(new Error('Malformed upload'), { status: 400, cause: error }));
      next();
    });
  };
}

/** Multer's refusal as a code the locale files put into words, on the document it is about. */
export function refusalError(refusal: UploadRefusal, fields: readonly FileField[]): FieldError | undefined {
  const field = fields.find((candidate) => candidate.name === refusal.field);
  if (!field) return undefined;
  switch (refusal.code) {
    case 'LIMIT_FILE_SIZE':
      return { field: field.name, code: 'fileTooLarge', values: { size: field.document.maxSizeMb } };
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return { field: field.name, code: 'tooManyFiles', values: { max: field.document.maxFiles } };
    default:
      return undefined;
  }
}

export interface Upload {
  field: FileField;
  originalName: string;
  bytes: Buffer;
}

export function uploadsFrom(files: unknown, fields: readonly FileField[]): Upload[] {
  const byField = (files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
  return fields.flatMap((field) => (byField[field.name] ?? []).map((file) => ({ field, originalName: file.originalname, bytes: file.buffer })));
}

export interface Accepted {
  upload: Upload;
  name: string;
  mediaType: string;
}

/**
 * Checks each uploaded file against its document (name, emptiness, size, type by its bytes, count
 * with those already there, the total of the draft) and returns the first problem per document.
 */
export async function checkUploads(
  uploads: readonly Upload[],
  existing: readonly DocumentRow[],
  stepId: string,
  totalLimitBytes: number,
): Promise<{ accepted: Accepted[]; errors: FieldError[] }> {
  const accepted: Accepted[] = [];
  const errors: FieldError[] = [];
  let total = existing.reduce((sum, row) => sum + row.size_bytes, 0);
  for (const upload of uploads) {
    const { field, bytes } = upload;
    if (errors.some((error) => error.field === field.name)) continue;
    const refuse = (code: string, values?: FieldError['values']) => errors.push({ field: field.name, code, ...(values ? { values } : {}) });
    const name = safeDisplayName(upload.originalName);
    if (!name) {
      refuse('badFileName');
      continue;
    }
    if (!bytes.length) {
      refuse('emptyFile');
      continue;
    }
    if (bytes.length > field.document.maxSizeMb * MEGABYTE) {
      refuse('fileTooLarge', { size: field.document.maxSizeMb });
      continue;
    }
    const type = await sniffDocumentType(bytes);
    if (!type || !field.document.types.includes(type)) {
      refuse('wrongFileType');
      continue;
    }
    const already = existing.filter((row) => row.step_id === stepId && row.field === field.name).length;
    const adding = accepted.filter((item) => item.upload.field === field).length;
    if (already + adding + 1 > field.document.maxFiles) {
      refuse('tooManyFiles', { max: field.document.maxFiles });
      continue;
    }
    if (total + bytes.length > totalLimitBytes) {
      refuse('totalTooLarge', { size: Math.round(totalLimitBytes / MEGABYTE) });
      continue;
    }
    total += bytes.length;
    accepted.push({ upload, name, mediaType: MEDIA_TYPES[type] });
  }
  return { accepted, errors };
}

/** Whose a stored file is until it joins an application: a draft's, or an answer to a request for information being written. */
export type UploadOwner = { draftId: string } | { informationRequestId: string };

/** Stores accepted files: the bytes and their row, in the caller's transaction. */
export async function storeFiles(trx: Queryable, storage: DocumentStorage, owner: UploadOwner, stepId: string, accepted: readonly Accepted[]): Promise<string[]> {
  const ids: string[] = [];
  for (const { upload, name, mediaType } of accepted) {
    const key = randomUUID();
    await storage.put(key, upload.bytes, trx);
    const [row] = await trx('documents')
      .insert({
        draft_id: 'draftId' in owner ? owner.draftId : null,
        information_request_id: 'informationRequestId' in owner ? owner.informationRequestId : null,
        application_id: null,
        step_id: stepId,
        field: upload.field.name,
        storage_key: key,
        sha256: createHash('sha256').update(upload.bytes).digest('hex'),
        media_type: mediaType,
        size_bytes: upload.bytes.length,
        display_name: name,
      })
      .returning('id');
    ids.push((row as { id: string }).id);
  }
  return ids;
}

/** Stores accepted files of a draft: the bytes and their row, in the caller's transaction. */
export async function storeUploads(trx: Queryable, storage: DocumentStorage, draftId: string, stepId: string, accepted: readonly Accepted[]): Promise<void> {
  await storeFiles(trx, storage, { draftId }, stepId, accepted);
}

/** Removes a file of a draft that is not yet sent; false when there is no such file on this draft. */
export async function removeUpload(trx: Queryable, storage: DocumentStorage, draftId: string, documentId: string): Promise<boolean> {
  const [row] = await trx('documents').where({ id: documentId, draft_id: draftId }).whereNull('application_id').delete().returning(['storage_key']);
  if (!row) return false;
  await storage.delete([row.storage_key], trx);
  return true;
}
