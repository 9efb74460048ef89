import { randomInt } from 'node:crypto';
import { newReference } from '../applications/reference.js';
import { searchableText } from '../applications/search-text.js';
import type { Status } from '../applications/status.js';
import { applicableRefusals, decisionRules } from '../catalogue/decisions.js';
import { SERVICES } from '../catalogue/index.js';
import type { ServiceDefinition } from '../catalogue/types.js';
import type { Database } from '../db/knex.js';
import { addDays, addWorkingDays } from '../time/calendar.js';
import { hashPassword } from '../backoffice/officers/passwords.js';
import { officersTable } from '../backoffice/officers/repository.js';

/**
 * Realistic applications in bulk, for trying the back-office and measuring it: names in
 * Azerbaijani, other Latin and Cyrillic scripts, two years of submissions, every status, the
 * older ones mostly decided. Rows go in 5,000 at a time, so a million take
 * minutes, not hours.
 * (Each batch travels as one JSON parameter read by jsonb_to_recordset.)
 */
const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;

const NAMES = {
  azerbaijani: {
    surnames: ['Məmmədov', 'Əliyev', 'Həsənov', 'Hüseynov', 'Quliyev', 'İsmayılov', 'Rzayev', 'Kərimov', 'Abbasov', 'Nəsirov', 'Qasımov', 'Cəfərov', 'Bağırov', 'Süleymanov', 'Mustafayev'],
    men: ['Orxan', 'Elçin', 'Rəşad', 'Tural', 'Kamran', 'Vüqar', 'İlkin', 'Fərid', 'Murad', 'Nicat'],
    women: ['Şəhla', 'Aysel', 'Günay', 'Leyla', 'Nigar', 'Səbinə', 'Fidan', 'Aynur', 'Ülviyyə', 'Xədicə'],
    feminine: (surname: string) => `${surname}a`,
    /** Ağa oğlu, Ağa qızı: the father's name and the word for son or daughter. */
    patronymic: (woman: boolean) => `${pick(['Ağa', 'Rəşid', 'Vaqif', 'Elşən', 'Namiq', 'Zaur', 'Arif', 'Tofiq', 'Yaşar', 'Şahin', 'Rövşən', 'Mahir'])} ${woman ? 'qızı' : 'oğlu'}`,
  },
  latin: {
    surnames: ['Smith', 'Müller', 'Kowalski', 'Yılmaz', 'Demir', 'García', 'Rossi', 'Khan', 'Patel', 'Nguyen', "O'Neill", 'Öztürk', 'Novák', 'Dubois', 'Şahin'],
    men: ['John', 'Ahmet', 'Mehmet', 'Luca', 'Piotr', 'Ali', 'Raj', 'Minh', 'Jean-Paul', 'Emre'],
    women: ['Mary Ann', 'Ayşe', 'Elif', 'Giulia', 'Anna', 'Fatima', 'Priya', 'Lan', 'Zeynep', 'Chloé'],
    feminine: (surname: string) => surname,
    patronymic: (woman: boolean) => pick(woman ? ['Louise', 'Marie', 'Nur', 'Sofia', 'Grace', 'Deniz', ''] : ['James', 'Ali', 'Marco', 'Kumar', 'Can', 'Pierre', '']),
  },
  cyrillic: {
    surnames: ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Щукин', 'Фёдоров', 'Ковальчук', 'Бондаренко', 'Ткаченко'],
    men: ['Иван', 'Сергей', 'Алексей', 'Дмитрий', 'Андрей', 'Олег', 'Юрий', 'Михаил', 'Артём', 'Николай'],
    women: ['Алёна', 'Ольга', 'Наталья', 'Екатерина', 'Мария', 'Татьяна', 'Юлия', 'Ирина', 'Дарья', 'Анастасия'],
    feminine: (surname: string) => (/(ко|ук)$/.test(surname) ? surname : `${surname}а`),
    patronymic: (woman: boolean) => {
      const [son, daughter] = pick([['Иванович', 'Ивановна'], ['Сергеевич', 'Сергеевна'], ['Алексеевич', 'Алексеевна'], ['Дмитриевич', 'Дмитриевна'], ['Андреевич', 'Андреевна'], ['Олегович', 'Олеговна'], ['Юрьевич', 'Юрьевна'], ['Михайлович', 'Михайловна'], ['Николаевич', 'Николаевна'], ['Петрович', 'Петровна'], ['Викторович', 'Викторовна'], ['Павлович', 'Павловна']] as const);
      return woman ? daughter : son;
    },
  },
};
const SCRIPT_BY_CITIZENSHIP: Record<string, keyof typeof NAMES> = { TR: 'latin', IR: 'azerbaijani', GE: 'azerbaijani', RU: 'cyrillic', UA: 'cyrillic', KZ: 'cyrillic', BY: 'cyrillic', GB: 'latin', DE: 'latin', IN: 'latin', PK: 'latin', CN: 'latin', VN: 'latin', UZ: 'cyrillic', TM: 'azerbaijani' };
const CITIZENSHIPS = Object.keys(SCRIPT_BY_CITIZENSHIP);
const BATCH = 5_000;
const DAY_MS = 86_400_000;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function statusFor(ageDays: number, fourEyes: boolean): Status {
  const roll = randomInt(100);
  if (ageDays > 90) return roll < 70 ? 'approved' : roll < 90 ? 'refused' : 'withdrawn';
  if (roll < 30) return 'submitted';
  if (roll < 62) return 'in_review';
  if (roll < 72) return 'awaiting_applicant';
  if (roll < 77) return fourEyes ? 'pending_confirmation' : 'in_review';
  return roll < 93 ? 'approved' : roll < 98 ? 'refused' : 'withdrawn';
}

function dueDate(service: ServiceDefinition, submitted: string): string {
  const deadline = service.deadline!.standard;
  return deadline.unit === 'workingDays' ? addWorkingDays(submitted, deadline.amount) : addDays(submitted, deadline.amount);
}

/** Officers to hold open cases: the existing ones, or ten made for the seed (their password is random and unknown). */
async function seedOfficers(db: Database, services: string[]): Promise<string[]> {
  const existing = await officersTable(db).whereIn('role', ['officer', 'supervisor']).where({ active: true }).select('id');
  if (existing.length) return existing.map((row) => row.id);
  const hash = await hashPassword(newReference() + newReference());
  const rows = Array.from({ length: 10 }, (_, index) => ({
    email: `seed-officer-${index + 1}@sms.test`,
    name: `${pick(NAMES.azerbaijani.surnames)} ${pick(NAMES.azerbaijani.men)}`,
    role: index < 8 ? 'officer' : 'supervisor',
    services,
    password_hash: hash,
    password_must_change: true,
  }));
  return ((await db('officers').insert(rows).returning('id')) as { id: string }[]).map((row) => row.id);
}

export async function seedApplications(db: Database, count: number, options: { now?: Date; onProgress?: (done: number) => void } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const services = SERVICES.filter((service) => service.kind === 'application' && service.deadline);
  const officers = await seedOfficers(db, services.map((service) => service.id));
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const batch: Record<string, unknown>[] = [];
    for (let index = 0; index < size; index += 1) {
      const service = pick(services);
      const rules = decisionRules(service);
      const citizenship = pick(CITIZENSHIPS);
      const script = NAMES[SCRIPT_BY_CITIZENSHIP[citizenship]!];
      const woman = randomInt(2) === 0;
      const surname = woman ? script.feminine(pick(script.surnames)) : pick(script.surnames);
      const givenNames = pick(woman ? script.women : script.men);
      const patronymic = script.patronymic(woman);
      const ageDays = randomInt(730);
      const submittedAt = new Date(now.getTime() - ageDays * DAY_MS - randomInt(DAY_MS));
      const status = statusFor(ageDays, rules.fourEyes);
      const dateOfBirth = isoDay(new Date(Date.UTC(1950 + randomInt(58), randomInt(12), 1 + randomInt(28))));
      const documentNumber = `${String.fromCharCode(65 + randomInt(26))}${String(randomInt(100_000_000)).padStart(8, '0')}`;
      const identityStep = service.journey?.person.dateOfBirth[0] ?? 'identity';
      const documentStep = service.journey?.person.documentNumber[0] ?? 'travel-document';
      const holder = ['in_review', 'awaiting_applicant', 'pending_confirmation'].includes(status) ? pick(officers) : null;
      const decided = status === 'approved' || status === 'refused';
      const decidedAt = decided ? new Date(Math.min(now.getTime(), submittedAt.getTime() + (1 + randomInt(60)) * DAY_MS)) : null;
      const decidedBy = pick(officers);
      const decision = status === 'approved' ? { outcome: 'approved', grants: rules.grants, decidedBy } : status === 'refused' ? { outcome: 'refused', reasons: [pick(applicableRefusals(service, { informationRequested: false }))], decidedBy } : null;
      const name = [surname, givenNames, patronymic].filter(Boolean).join(' ');
      const row: Record<string, unknown> = {
        reference: newReference(),
        service_id: service.id,
        status,
        language: pick(['az', 'en', 'ru']),
        document_number: documentNumber,
        citizenship,
        date_of_birth: dateOfBirth,
        answers: { [identityStep]: { surname, givenNames, ...(patronymic ? { patronymic } : {}), dateOfBirth, citizenship }, [documentStep]: { documentNumber } },
        legal_due_date: dueDate(service, isoDay(submittedAt)),
        applicant_name: name,
        search_name: searchableText(name),
        submitted_at: submittedAt.toISOString(),
        assigned_officer: holder,
        decided_at: decidedAt?.toISOString() ?? null,
        decision,
        proposed_decision: status === 'pending_confirmation' ? { outcome: 'approved', grants: rules.grants, decidedBy: holder } : null,
      };
      batch.push(row);
    }
    await db.transaction(async (trx) => {
      // Rows are written in their final status; the trigger that lets a new row start only as
      // "submitted" is held off for this transaction alone (ALTER TABLE locks the table until commit).
      await trx.raw('alter table applications disable trigger applications_guard_status');
      const { rows } = await trx.raw<{ rows: { id: string; submitted_at: Date; status: string }[] }>(
        `insert into applications (reference, service_id, status, language, document_number, citizenship, date_of_birth, answers, legal_due_date,
           applicant_name, search_name, submitted_at, updated_at, assigned_officer, decided_at, decision, proposed_decision)
         select reference, service_id, status, language, document_number, citizenship, date_of_birth, answers, legal_due_date,
           applicant_name, search_name, submitted_at, submitted_at, assigned_officer, decided_at, decision, proposed_decision
         from jsonb_to_recordset(?::jsonb) as t(reference text, service_id text, status text, language text, document_number text,
           citizenship text, date_of_birth date, answers jsonb, legal_due_date date, applicant_name text, search_name text,
           submitted_at timestamptz, assigned_officer uuid, decided_at timestamptz, decision jsonb, proposed_decision jsonb)
         returning id, submitted_at, status`,
        [JSON.stringify(batch)],
      );
      await trx.raw('alter table applications enable trigger applications_guard_status');
      await trx.raw(
        `insert into application_events (application_id, kind, to_status, actor, created_at)
         select id, 'status', 'submitted', 'applicant', at from jsonb_to_recordset(?::jsonb) as t(id uuid, at timestamptz)`,
        [JSON.stringify(rows.map((row) => ({ id: row.id, at: row.submitted_at })))],
      );
    });
    options.onProgress?.(done + size);
  }
  await db.raw('analyze applications');
}
