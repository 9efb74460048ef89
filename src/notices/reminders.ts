import { SERVICES } from '../catalogue/index.js';
import type { Database } from '../db/knex.js';
import { addDays, todayInBaku } from '../time/calendar.js';
import { DEFAULT_LANGUAGE } from '../i18n/languages.js';
import { queueDraftExpiry, queueNotice } from './outbox.js';

/**
 * What to apply for when what an approval granted here is about to end, and how many days before
 * its end the application must be made (the service's own rule: a stay is extended at least 3 days
 * before it ends, a temporary residence permit at least 30; where the law sets no such rule, by
 * the last day).
 */
export const RENEWALS: Readonly<Record<string, { apply: string; leadDays: number }>> = {
  'registration-at-place-of-stay': { apply: 'stay-extension', leadDays: 3 },
  'stay-extension': { apply: 'stay-extension', leadDays: 3 },
  'temporary-residence-permit': { apply: 'temporary-residence-permit', leadDays: 30 },
  'permanent-residence-permit': { apply: 'permanent-residence-permit', leadDays: 0 },
  'work-permit': { apply: 'work-permit-extension', leadDays: 0 },
  'work-permit-extension': { apply: 'work-permit-extension', leadDays: 0 },
};

/** Days before the end a reminder is sent, largest first. */
const MILESTONES = [30, 7] as const;

/** A saved application is warned about this many days before it is deleted. */
const DRAFT_WARNING_DAYS = 7;

/**
 * Queues the reminders due today: each application's reminder for a milestone once (key
 * `reminder:<application>:<days>`). A milestone is due from its day until the next one's, so a day
 * the job did not run is caught up the next day; a milestone that had passed before the decision
 * was made is not sent (a registration granted for 20 days gets the 7-day reminder only).
 */
async function queueRenewalReminders(db: Database, today: string): Promise<number> {
  let queued = 0;
  for (const [index, days] of MILESTONES.entries()) {
    const until = MILESTONES[index + 1] ?? 0;
    const due = await db('applications')
      .where({ status: 'approved' })
      .whereIn('service_id', Object.keys(RENEWALS))
      .whereNotNull('valid_until')
      .whereRaw('valid_until - ?::int <= ?::date', [days, today])
      .whereRaw('valid_until - ?::int >= ?::date', [until, today])
      .whereRaw(`(decided_at at time zone 'Asia/Baku')::date <= valid_until - ?::int`, [days])
      .whereNotExists(db('outbox').whereRaw(`outbox.event_key = 'reminder:' || applications.id || ':' || ?::text`, [days]))
      .select('id', 'service_id', 'valid_until');
    for (const application of due) {
      const renewal = RENEWALS[application.service_id]!;
      const applyBy = addDays(application.valid_until!, -renewal.leadDays);
      const made = await queueNotice(db, {
        kind: 'renewal-reminder',
        eventKey: `reminder:${application.id}:${days}`,
        applicationId: application.id,
        data: { days, validUntil: application.valid_until, apply: renewal.apply, applyBy, late: applyBy < today },
      });
      if (made) queued += 1;
    }
  }
  return queued;
}

/** Services whose saved applications can hold an address, and where. */
function emailRefs(): [string, string, string][] {
  return SERVICES.flatMap((service) => (service.journey ? [[service.id, ...service.journey.person.email] as [string, string, string]] : []));
}

/**
 * Warns whoever saved an application with an address in it that it will be deleted within
 * DRAFT_WARNING_DAYS, once per date it would be deleted on (saving again moves the date, and a
 * later warning is for the new one).
 */
async function queueDraftExpiryWarnings(db: Database, now: Date): Promise<number> {
  const refs = emailRefs();
  const drafts = await db('drafts')
    .whereNull('application_id')
    .where('expires_at', '>', now)
    .whereRaw('expires_at <= ?::timestamptz + make_interval(days => ?)', [now, DRAFT_WARNING_DAYS])
    .where((query) => {
      for (const [service, step, field] of refs) query.orWhereRaw(`service_id = ? and answers -> ? ->> ? like '%@%'`, [service, step, field]);
    })
    .select('*');
  let queued = 0;
  for (const draft of drafts) if (await queueDraftExpiry(db, draft, DEFAULT_LANGUAGE)) queued += 1;
  return queued;
}

/** What the daily job does: reminders due on the day it is in Baku, and warnings of drafts about to be deleted. */
export async function queueDailyReminders(db: Database, now: Date): Promise<{ reminders: number; drafts: number }> {
  return { reminders: await queueRenewalReminders(db, todayInBaku(now)), drafts: await queueDraftExpiryWarnings(db, now) };
}
