import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import type { ApplicationRow } from '../applications/repository.js';
import type { Database, Queryable } from '../db/knex.js';
import { withFiles, type DocumentRow } from '../documents/repository.js';
import type { DocumentStorage } from '../documents/storage.js';
import { renewSession } from '../middleware/session.js';
import { alongsideRow, type AlongsideRead } from '../middleware/session-alongside.js';
import type { Uploads } from '../documents/upload.js';
import type { Language } from '../i18n/languages.js';
import { limitByAddress, type Limits } from '../security/limits.js';
import { todayInBaku } from '../time/calendar.js';
import { createDraft, draftBesideSession, draftReadBeside, findDraftWithDocuments, saveStep, saveStepWithFiles, type DraftRow, type StepSaved } from './drafts.js';
import { walkSaved, type Progress, type Walked } from './engine.js';
import { rememberedWalk } from './walk-memo.js';
import type { Journey } from './journey.js';
import type { RawAnswers, RawStep } from './model.js';
import type { FindService, JourneyService } from './service.js';
import type { Reader } from './words.js';

export interface FormDeps {
  db: Database;
  storage: DocumentStorage;
  clock: () => Date;
  /** How files come in (read after the checks, scanned, stored), for every page with documents. */
  uploads: Uploads;
  /** The check every POST passes: from this site, with its session's token. */
  csrf: RequestHandler;
  limits: Limits;
  /** Signs the address of a decision's document (src/decisions/token.ts): the tracking page links to it. */
  decisionTokenKey?: Buffer;
  /** The catalogue, handed in: the engine imports no service. */
  findService: FindService;
  /** The mails a form sends, queued by the notices (notices/outbox.ts formMail), which sit above the engine. */
  mail: FormMail;
}

export interface FormMail {
  /**
   * "We received your application", written by the statement that makes it (which names its row
   * MADE): one per application and none for a failed submit. Undefined when the answers hold no address.
   */
  submitted(trx: Queryable, application: SubmittedFor): Knex.Raw | undefined;
  /** A draft's resume code, to the address its answers hold; false when they hold none. */
  resumeCode(db: Queryable, draft: DraftRow, code: string, details: { asks: 'dateOfBirth' | 'documentNumber'; fallback: Language }): Promise<boolean>;
}

/** What the mail saying an application was received is addressed from, known before its row is made. */
export interface SubmittedFor {
  serviceId: string;
  answers: ApplicationRow['answers'];
  language: Language;
}

export type OnlineService = JourneyService & { journey: Journey };

/** Services with more steps than this start with a task list. */
const TASK_LIST_FROM_STEPS = 6;

export function onlineService(findService: FindService, slug: unknown): OnlineService | undefined {
  const service = typeof slug === 'string' ? findService(slug) : undefined;
  return service?.journey ? (service as OnlineService) : undefined;
}

const FORM_PAGE = /^\/services\/([^/]+)\/apply(?:\/|$)/;

/**
 * The draft a form's page will load (FormState.load), to be read with the session in one statement.
 * Not for a form sending files: its draft is read once the files are in, as it then is.
 */
export function draftReadWithSession(findService: FindService): (req: Request) => AlongsideRead | undefined {
  return (req) => {
    if (req.is('multipart/form-data')) return undefined;
    const service = onlineService(findService, FORM_PAGE.exec(req.path)?.[1]);
    return service && draftBesideSession(service.id);
  };
}

export function applyBase(service: JourneyService): string {
  return `/services/${service.id}/apply`;
}

export function hasTaskList(service: OnlineService): boolean {
  return service.journey.steps.length >= TASK_LIST_FROM_STEPS;
}

export function readerOf(res: Response): Reader {
  const { t, lang, formatDate, formatMoney } = res.locals;
  return { t, lang, formatDate, formatMoney };
}

/**
 * What a request about one service's form knows: its draft (none until the first answer is
 * saved), the draft's files, and the applicant's progress through the journey today. The draft is
 * read once a request, and taken as each save returns it; the journey is walked when first asked.
 */
export class FormState {
  draft: DraftRow | undefined;
  documents: DocumentRow[] = [];
  readonly today: string;
  private walked: Walked | undefined;
  /** The walk before the last save: the steps before the first change are not validated again. */
  private beforeSave: Walked | undefined;

  private constructor(
    readonly deps: FormDeps,
    readonly req: Request,
    readonly service: OnlineService,
  ) {
    this.today = todayInBaku(deps.clock());
  }

  static async load(deps: FormDeps, req: Request, service: OnlineService): Promise<FormState> {
    const state = new FormState(deps, req, service);
    const id = req.session.drafts?.[service.id];
    const beside = draftReadBeside(alongsideRow(req), id, service.id);
    const found = beside ? beside.found : await findDraftWithDocuments(deps.db, id, service.id);
    state.take(found?.draft, found?.documents ?? []);
    return state;
  }

  get base(): string {
    return applyBase(this.service);
  }

  /** The saved answers with the draft's files. */
  get raw(): RawAnswers {
    return this.walk().raw;
  }

  get progress(): Progress {
    return this.walk().progress;
  }

  private walk(): Walked {
    if (!this.walked) {
      const saved = this.draft?.answers ?? {};
      const raw = withFiles(saved, this.documents);
      const earlier = this.beforeSave;
      this.walked = rememberedWalk(this.service.journey, saved, raw, this.today, () => walkSaved(this.service.journey, saved, raw, this.today, earlier));
      this.beforeSave = undefined;
    }
    return this.walked;
  }

  private take(draft: DraftRow | undefined, documents: DocumentRow[]): void {
    this.beforeSave = this.walked ?? this.beforeSave;
    this.walked = undefined;
    this.draft = draft;
    this.documents = documents;
  }

  /** Reads the draft and its files again: after its files changed. */
  async reload(): Promise<void> {
    const found = this.draft ? await findDraftWithDocuments(this.deps.db, this.draft.id, this.service.id) : undefined;
    this.take(found?.draft, found?.documents ?? []);
  }

  /**
   * Saves one step's answers, making the draft if need be, and goes on with the draft as saved: with
   * its files read by the same statement when the request has just stored or removed some.
   */
  async save(stepId: string, raw: RawStep, { filesChanged = false } = {}): Promise<void> {
    // The first answer makes the draft, holding it: one statement, not an empty draft and then the save.
    if (!this.draft) {
      await this.ensureDraft({ stepId, raw });
      return;
    }
    const draft = this.draft;
    if (filesChanged) {
      const saved = await saveStepWithFiles(this.deps.db, draft.id, stepId, raw);
      if (saved) return this.take(saved.draft, saved.documents);
    } else {
      const saved = await saveStep(this.deps.db, draft.id, stepId, raw);
      if (saved) return this.take(saved, this.documents);
    }
    // Nothing saved: the draft was sent (another tab) or deleted meanwhile, and is read as it now is.
    await this.reload();
  }

  /**
   * The draft, made now if this is the applicant's first saved answer, in a session whose id is new
   * (see renewSession). The session is saved holding it before this returns, so the page that made it
   * need not save the session again before the browser follows its redirect.
   */
  async ensureDraft(first?: StepSaved): Promise<DraftRow> {
    if (this.draft) return this.draft;
    await limitByAddress(this.deps.db, this.req, this.deps.limits, 'startDraft');
    const draft = await createDraft(this.deps.db, this.service.id, first);
    this.req.session.drafts = { ...this.req.session.drafts, [this.service.id]: draft.id };
    await renewSession(this.req);
    this.take(draft, this.documents);
    return draft;
  }
}
