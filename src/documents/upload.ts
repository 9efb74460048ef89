import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import type { DocumentRequirement } from './requirement.js';
import type { Queryable } from '../db/knex.js';
import { safeDisplayName } from './names.js';
import type { DocumentRow } from './repository.js';
import { ScannerUnavailable, type VirusScanner } from './scanner.js';
import type { Slots } from './slots.js';
import { sniffDocumentFile } from './sniff.js';
import type { DocumentStorage } from './storage.js';
import { removeFolder, uploadFolder } from './temp-files.js';
import { fieldsOf } from '../http/fields.js';

const MEGABYTE = 1024 * 1024;

/** A form's file input and the document it takes (a form engine's file field is one). */
interface UploadField {
  name: string;
  document: DocumentRequirement;
}

/** A refusal of one document, as a code the locale files put into words next to it. */
interface UploadError {
  field: string;
  code: string;
  values?: Record<string, string | number>;
}

/** What the body reader refused of an upload request, kept for the page to say next to its document. */
interface UploadRefusal {
  code: string;
  field?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    uploadRefusal?: UploadRefusal;
    /** Gives back the upload's place among those in flight and removes its folder; at the latest when the answer ends. */
    uploadDone?: () => void;
  }
}

/** The file fields a multipart request may carry, found from the request (its path, or the session's application). */
type FileFieldsFor = (req: Request) => readonly UploadField[] | undefined | Promise<readonly UploadField[] | undefined>;

/** What a page with files may send besides them: a form's text fields, one of which may be long (a reply of 5,000 characters). */
interface UploadFormLimits {
  /** The largest text field, in bytes: 4 kB unless the page has a long answer. */
  fieldSize?: number;
}

/** A file as received: on disk in the request's temporary folder until it is stored or the request ends. */
interface Upload {
  field: UploadField;
  originalName: string;
  path: string;
  size: number;
}

/** "clean": clamd passed it; "not-scanned": no scanner configured (never in production). */
type ScanVerdictColumn = 'clean' | 'not-scanned';

export interface Accepted {
  upload: Upload;
  name: string;
  mediaType: string;
  verdict: ScanVerdictColumn;
  /** The scanner's engine and signatures' version, when it scanned the file. */
  scanner: string | null;
}

/** Whose a stored file is until it joins an application: a draft's, or an answer to a request for information being written. */
type UploadOwner = { draftId: string } | { informationRequestId: string };

/** A file the scanner found malware in, for the audit log: codes, never the file's name. */
interface InfectedUpload {
  signature: string;
  service: string;
  document: string;
  step: string;
  applicationId?: string;
}

export interface UploadDeps {
  storage: DocumentStorage;
  /** Undefined only outside production: files are then kept marked "not scanned". */
  scanner: VirusScanner | undefined;
  /** The most all files of one application may weigh together. */
  totalBytes: number;
  /** Uploads being read, scanned and stored at once. */
  slots: Slots;
  /** The check every POST passes (same site, the session's token): for an upload, before its body is read. */
  csrf: RequestHandler;
  recordInfected: (req: Request, finding: InfectedUpload) => Promise<void>;
  /** Where each request's folder of files is made; the system's temporary folder unless given. */
  tempRoot?: string;
}

/** What a page with documents knows when it checks what was sent: for the audit log of a refusal. */
interface UploadContext {
  service: string;
  stepId: string;
  applicationId?: string;
  /** Files already kept for this application or draft: counts and the total are checked with them. */
  existing: readonly Pick<DocumentRow, 'step_id' | 'field' | 'size_bytes'>[];
}

/** Past the bound of uploads in flight: a page that says "busy, try again", with the body never read. */
class UploadsBusy extends Error {
  readonly code = 'EUPLOADSBUSY';
  readonly status = 503;
  constructor() {
    super('Too many uploads in flight');
  }
}

/**
 * The one way files come in, for the form steps and the tracking page's reply alike: the request
 * proved genuine before a byte of its body is read, read to disk within the page's limits, each
 * file checked and scanned, then stored or removed.
 */
export interface Uploads {
  parser: (fileFieldsFor: FileFieldsFor, formLimits?: UploadFormLimits) => RequestHandler;
  receive: (req: Request, fields: readonly UploadField[], context: UploadContext) => Promise<{ accepted: Accepted[]; errors: UploadError[] }>;
  /** Keeps accepted files with the owner: through the caller's transaction if given one, else each in a statement of its own (several in one transaction). */
  store: (db: Queryable, owner: UploadOwner, stepId: string, accepted: readonly Accepted[]) => Promise<string[]>;
  remove: (trx: Queryable, owner: UploadOwner, documentId: string) => Promise<boolean>;
  /**
   * The request's files are stored or refused: its place goes to the next upload waiting, and its
   * folder is removed, before the rest of its page's work (the answers saved, the next page drawn).
   * Under load that work is most of an upload's time, and a place held through it kept others waiting.
   */
  done: (req: Request) => void;
}

export function createUploads(deps: UploadDeps): Uploads {
  return {
    parser: (fileFieldsFor, formLimits) => uploadParser(deps, fileFieldsFor, formLimits),
    receive: (req, fields, context) => receiveUploads(deps, req, fields, context),
    store: (db, owner, stepId, accepted) => storeFiles(db, deps.storage, owner, stepId, accepted),
    remove: (trx, owner, documentId) => removeFile(trx, deps.storage, owner, documentId),
    done: (req) => req.uploadDone?.(),
  };
}

/**
 * Reads a multipart form for a page with file fields. First, with nothing of the body read, the
 * request must come from this site with its session's token, given in the address the form posts
 * to (or a header); then it takes a place among the uploads in flight; only then are its files
 * streamed to a folder of its own on disk, within the page's limits, removed when the response
 * ends. Any other multipart request is left unread, so the route's CSRF check refuses it. A limit
 * reached is not an error page: the refusal is kept on the request and told next to the document.
 */
function uploadParser(deps: UploadDeps, fileFieldsFor: FileFieldsFor, formLimits: UploadFormLimits = {}): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    let fields: readonly UploadField[] | undefined;
    try {
      fields = await fileFieldsFor(req);
    } catch (error) {
      return next(error);
    }
    if (!fields?.length) return next();
    const readable = fields;
    deps.csrf(req, res, (refused?: unknown) => {
      if (refused) return discardBody(req, () => next(refused));
      void readInto(deps, readable, formLimits, req, res, next);
    });
  };
}

/**
 * A request refused before its body was read: the body is read to its end and thrown away, then
 * the answer sent. Nothing of it is kept, and a browser still sending sees the page rather than a
 * connection closed under it; the server's request timeout bounds how long a sender can take.
 */
function discardBody(req: Request, then: () => void): void {
  finished(req, () => then());
  req.resume();
}

async function readInto(deps: UploadDeps, fields: readonly UploadField[], formLimits: UploadFormLimits, req: Request, res: Parameters<RequestHandler>[1], next: (error?: unknown) => void): Promise<void> {
  const release = await deps.slots.take();
  if (!release) return discardBody(req, () => next(new UploadsBusy()));
  // Gone while it waited for its place: nothing to read.
  if (req.socket.destroyed) return release();
  let folder: string | undefined;
  const removeFiles = () => {
    if (folder) void removeFolder(folder).catch((error: unknown) => req.log?.warn({ code: fieldsOf(error).code }, 'upload folder not removed'));
  };
  let closed = false;
  let given = false;
  const giveBack = () => {
    if (given) return;
    given = true;
    release();
    removeFiles();
  };
  req.uploadDone = giveBack;
  // Answered or cut off, the place is given back and the files are removed, if that was not done before.
  res.once('close', () => {
    closed = true;
    giveBack();
  });
  try {
    folder = await uploadFolder(deps.tempRoot);
  } catch (error) {
    return next(error);
  }
  if (closed) return removeFiles();
  const maxFiles = fields.reduce((total, field) => total + field.document.maxFiles, 0);
  const parse = multer({
    storage: multer.diskStorage({ destination: folder, filename: (_req, _file, done) => done(null, randomUUID()) }),
    // The name as sent, so a name with a path can be refused rather than silently cut; in UTF-8, as browsers send it.
    preservePath: true,
    defParamCharset: 'utf8',
    limits: {
      fileSize: Math.max(...fields.map((field) => field.document.maxSizeMb)) * MEGABYTE,
      files: maxFiles,
      fields: 20,
      fieldSize: formLimits.fieldSize ?? 4096,
      parts: 20 + maxFiles,
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
}

/** The body reader's refusal as a code the locale files put into words, on the document it is about. */
function refusalError(refusal: UploadRefusal, fields: readonly UploadField[]): UploadError | undefined {
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

function uploadsFrom(files: unknown, fields: readonly UploadField[]): Upload[] {
  const byField = (files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
  return fields.flatMap((field) => (byField[field.name] ?? []).map((file) => ({ field, originalName: file.originalname, path: file.path, size: file.size })));
}

/**
 * Everything a page's files go through before any is kept, and the first problem per document:
 * what the body reader refused (nothing of such a request is kept), then for each file its name,
 * emptiness, size, a scan for malware, its type by its bytes, the count with those already there,
 * and the total of the application. A scanner out of reach refuses the files: none is accepted
 * unscanned where a scanner is configured.
 */
async function receiveUploads(deps: UploadDeps, req: Request, fields: readonly UploadField[], context: UploadContext): Promise<{ accepted: Accepted[]; errors: UploadError[] }> {
  if (req.uploadRefusal) {
    const refused = refusalError(req.uploadRefusal, fields);
    // Too many parts or fields, or a field that is not on the page: nothing a browser sends from this form.
    if (!refused) throw Object.assign(new Error(`Upload refused: ${req.uploadRefusal.code}`), { status: 400 });
    return { accepted: [], errors: [refused] };
  }
  const accepted: Accepted[] = [];
  const errors: UploadError[] = [];
  const scan = scanning(deps, req, context);
  let total = context.existing.reduce((sum, row) => sum + row.size_bytes, 0);
  for (const upload of uploadsFrom(req.files, fields)) {
    const { field, size } = upload;
    if (errors.some((error) => error.field === field.name)) continue;
    const refuse = (code: string, values?: UploadError['values']) => errors.push({ field: field.name, code, ...(values ? { values } : {}) });
    const name = safeDisplayName(upload.originalName);
    if (!name) {
      refuse('badFileName');
      continue;
    }
    if (!size) {
      refuse('emptyFile');
      continue;
    }
    if (size > field.document.maxSizeMb * MEGABYTE) {
      refuse('fileTooLarge', { size: field.document.maxSizeMb });
      continue;
    }
    // Before its type: a file carrying malware is told and recorded as such, whatever it claims to be.
    const verdict = await scan(upload);
    if (verdict.refused) {
      refuse(verdict.refused);
      continue;
    }
    const sniffed = await sniffDocumentFile(upload.path);
    if (!sniffed || !field.document.types.includes(sniffed.type)) {
      refuse('wrongFileType');
      continue;
    }
    const already = context.existing.filter((row) => row.step_id === context.stepId && row.field === field.name).length;
    const adding = accepted.filter((item) => item.upload.field === field).length;
    if (already + adding + 1 > field.document.maxFiles) {
      refuse('tooManyFiles', { max: field.document.maxFiles });
      continue;
    }
    if (total + size > deps.totalBytes) {
      refuse('totalTooLarge', { size: Math.round(deps.totalBytes / MEGABYTE) });
      continue;
    }
    total += size;
    accepted.push({ upload, name, mediaType: sniffed.mediaType, verdict: verdict.verdict, scanner: verdict.scanner });
  }
  return { accepted, errors };
}

type Scanned = { refused: 'fileInfected' | 'scannerUnavailable' } | { refused?: undefined; verdict: ScanVerdictColumn; scanner: string | null };

/**
 * Scans one request's files in turn. The scanner's version is asked once per request, alongside its
 * first scan rather than before it (one wait for the scanner, not two), so each file records the
 * signatures that passed it; once the scanner has failed, the request's other files are refused
 * without asking again.
 */
function scanning(deps: UploadDeps, req: Request, context: UploadContext): (upload: Upload) => Promise<Scanned> {
  const { scanner } = deps;
  let version: Promise<string> | undefined;
  let down = false;
  return async (upload) => {
    if (!scanner) return { verdict: 'not-scanned', scanner: null };
    if (down) return { refused: 'scannerUnavailable' };
    try {
      version ??= scanner.version();
      const [verdict, engine] = await Promise.all([scanner.scan(createReadStream(upload.path)), version]);
      if (!verdict.infected) return { verdict: 'clean', scanner: engine };
      req.log?.warn({ signature: verdict.signature, service: context.service, document: upload.field.document.id }, 'upload refused: malware found');
      await deps.recordInfected(req, { signature: verdict.signature, service: context.service, document: upload.field.document.id, step: context.stepId, applicationId: context.applicationId });
      return { refused: 'fileInfected' };
    } catch (error) {
      if (!(error instanceof ScannerUnavailable)) throw error;
      down = true;
      req.log?.error({ scanner: scanner.name, cause: error.message }, 'upload refused: virus scanner out of reach');
      return { refused: 'scannerUnavailable' };
    }
  };
}

/**
 * Stores accepted files one at a time from disk, so a request holds one file's bytes at a time: each
 * file's bytes and its row in one statement. A single file needs no transaction; several are written
 * in one, the caller's or their own, so none is kept without the others.
 */
async function storeFiles(db: Queryable, storage: DocumentStorage, owner: UploadOwner, stepId: string, accepted: readonly Accepted[]): Promise<string[]> {
  if (accepted.length > 1 && !db.isTransaction) return db.transaction((trx) => storeFiles(trx, storage, owner, stepId, accepted));
  const ids: string[] = [];
  for (const { upload, name, mediaType, verdict, scanner } of accepted) {
    const key = randomUUID();
    const bytes = await readFile(upload.path);
    const record = db('documents')
      .insert({
        draft_id: 'draftId' in owner ? owner.draftId : null,
        information_request_id: 'informationRequestId' in owner ? owner.informationRequestId : null,
        application_id: null,
        step_id: stepId,
        field: upload.field.name,
        storage_key: key,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        media_type: mediaType,
        size_bytes: bytes.length,
        display_name: name,
        scan_verdict: verdict,
        scanner,
      })
      .returning('id');
    const [row] = await storage.putRecorded<{ id: string }>(key, bytes, record);
    ids.push(row!.id);
  }
  return ids;
}

/** Removes a file not yet sent with its application; false when its owner has no such file. */
async function removeFile(trx: Queryable, storage: DocumentStorage, owner: UploadOwner, documentId: string): Promise<boolean> {
  const where = 'draftId' in owner ? { id: documentId, draft_id: owner.draftId } : { id: documentId, information_request_id: owner.informationRequestId };
  const [row] = await trx('documents').where(where).whereNull('application_id').delete().returning(['storage_key']);
  if (!row) return false;
  await storage.delete([row.storage_key], trx);
  return true;
}
