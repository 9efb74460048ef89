import type { Request, RequestHandler, Response } from 'express';
import type { Database, Queryable } from '../db/knex.js';
import { withFiles, type DocumentRow } from '../documents/repository.js';
import type { DocumentStorage } from '../documents/storage.js';
import { renewSession } from '../middleware/session.js';
import type { Uploads } from '../documents/upload.js';
import type { Language } from '../i18n/languages.js';
import { limitByAddress, type Limits } from '../security/limits.js';
import { todayInBaku } from '../time/calendar.js';
import { createDraft, findDraftWithDocuments, type DraftRow } from './drafts.js';
import { walk, type Progress } from './engine.js';
import type { Journey } from './journey.js';
import type { RawAnswers } from './model.js';
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
  /** "We received your application": in the submitting transaction, so one per application and none for a failed submit. */
  submitted(trx: Queryable, applicationId: string): Promise<unknown>;
  /** A draft's resume code, to the address its answers hold; false when they hold none. */
  resumeCode(db: Queryable, draft: DraftRow, code: string, details: { asks: 'dateOfBirth' | 'documentNumber'; fallback: Language }): Promise<boolean>;
}

export type OnlineService = JourneyService & { journey: Journey };

/** Services with more steps than this start with a task list. */
const TASK_LIST_FROM_STEPS = 6;

export function onlineService(findService: FindService, slug: unknown): OnlineService | undefined {
  const service = typeof slug === 'string' ? findService(slug) : undefined;
  return service?.journey ? (service as OnlineService) : undefined;
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
 * saved), the draft's files, and the applicant's progress through the journey today.
 */
export class FormState {
  draft: DraftRow | undefined;
  documents: DocumentRow[] = [];
  raw: RawAnswers = {};
  progress!: Progress;
  readonly today: string;

  private constructor(
    readonly deps: FormDeps,
    readonly req: Request,
    readonly service: OnlineService,
  ) {
    this.today = todayInBaku(deps.clock());
  }

  static async load(deps: FormDeps, req: Request, service: OnlineService): Promise<FormState> {
    const state = new FormState(deps, req, service);
    const found = await findDraftWithDocuments(deps.db, req.session.drafts?.[service.id], service.id);
    state.draft = found?.draft;
    state.documents = found?.documents ?? [];
    state.refresh();
    return state;
  }

  get base(): string {
    return applyBase(this.service);
  }

  /** Walks the journey again with what is saved now. */
  refresh(): void {
    const saved = this.draft?.answers ?? {};
    this.raw = withFiles(saved, this.documents);
    this.progress = walk(this.service.journey, this.raw, this.today, (id) => !!saved[id]);
  }

  async reload(): Promise<void> {
    if (this.draft) {
      const found = await findDraftWithDocuments(this.deps.db, this.draft.id, this.service.id);
      this.draft = found?.draft;
      this.documents = found?.documents ?? [];
    }
    this.refresh();
  }

  /** The draft, made now if this is the applicant's first saved answer, in a session whose id is new (see renewSession). */
  async ensureDraft(): Promise<DraftRow> {
    if (this.draft) return this.draft;
    await limitByAddress(this.deps.db, this.req, this.deps.limits, 'startDraft');
    const draft = await createDraft(this.deps.db, this.service.id);
    this.req.session.drafts = { ...this.req.session.drafts, [this.service.id]: draft.id };
    await renewSession(this.req);
    this.draft = draft;
    return draft;
  }
}
