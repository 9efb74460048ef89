import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/backoffice/queues/query.js';
import { fileApplication } from '../support/applications.js';
import { parse, textOf, type Agent } from '../support/html.js';
import { signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let agent: Agent;
const NOW = new Date('2026-11-24T08:00:00Z'); // a Tuesday
beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  agent = t.agent();
  await signedInOfficer(t.db, agent, { services: ['registration-at-place-of-stay', 'work-permit'] });
});
afterAll(async () => t.close());

function references(html: string): string[] {
  const $ = parse(html);
  return $('tbody tr td:first-child a')
    .toArray()
    .map((link) => $(link).text().replace(/-/g, ''));
}

describe('the queue', () => {
  it('lists open applications of the officer’s services, nearest due date first, in words and not by colour alone', async () => {
    const late = await fileApplication(t.db, { surname: 'Qasımova', due: '2026-11-20' });
    const soon = await fileApplication(t.db, { service: 'work-permit', surname: 'Ivanov', due: '2026-11-24' });
    const later = await fileApplication(t.db, { surname: 'Smith', due: '2026-12-01', citizenship: 'GB' });
    const elsewhere = await fileApplication(t.db, { service: 'stay-extension', surname: 'Elsewhere', due: '2026-11-21' });
    const page = await agent.get('/backoffice/queue?lang=en').expect(200);
    const listed = references(page.text);
    expect(listed.indexOf(late.reference)).toBeLessThan(listed.indexOf(soon.reference));
    expect(listed.indexOf(soon.reference)).toBeLessThan(listed.indexOf(later.reference));
    expect(listed).not.toContain(elsewhere.reference);
    const $ = parse(page);
    const rowOf = (reference: string) => $('tbody tr').filter((_index, row) => $(row).text().replace(/-/g, '').includes(reference)).first();
    expect(rowOf(late.reference).text()).toContain('Overdue by 2 working days');
    expect(rowOf(soon.reference).text()).toContain('Due today');
    expect(rowOf(later.reference).text()).toContain('5 working days left');
    expect(rowOf(later.reference).text()).toContain('United Kingdom');
    expect(rowOf(later.reference).text()).toContain('New');
  });

  it('filters by service, overdue and assignee, and sorts by submission', async () => {
    const overdue = (await agent.get('/backoffice/queue?overdue=1').expect(200)).text;
    expect(references(overdue).length).toBeGreaterThan(0);
    const rows = await t.db('applications').whereIn('reference', references(overdue));
    expect(rows.every((row) => row.legal_due_date < '2026-11-24')).toBe(true);
    const workPermits = await t.db('applications').whereIn('reference', references((await agent.get('/backoffice/queue?service=work-permit')).text));
    expect(workPermits.length).toBeGreaterThan(0);
    expect(workPermits.every((row) => row.service_id === 'work-permit')).toBe(true);
    // A service the officer does not work on is not a filter they can use: they see their own.
    const refused = references((await agent.get('/backoffice/queue?service=stay-extension')).text);
    expect((await t.db('applications').whereIn('reference', refused)).every((row) => row.service_id !== 'stay-extension')).toBe(true);
    expect(references((await agent.get('/backoffice/queue?assignee=me')).text)).toEqual([]);
    const first = await fileApplication(t.db, { surname: 'Earliest', submittedAt: new Date('2026-01-01T00:00:00Z') });
    expect(references((await agent.get('/backoffice/queue?sort=submitted')).text)[0]).toBe(first.reference);
  });

  it('finds by reference as people type it, by document number, and by name without case or accents', async () => {
    const target = await fileApplication(t.db, { surname: 'Məmmədova', givenNames: 'Şəhla', documentNumber: 'C09876543' });
    const cyrillic = await fileApplication(t.db, { surname: 'Щукина', givenNames: 'Алёна' });
    const typed = target.reference.toLowerCase().replace(/(.{4})(.{4})/, '$1 $2-').replace(/0/g, 'o');
    expect(references((await agent.get(`/backoffice/queue?q=${encodeURIComponent(typed)}`)).text)).toEqual([target.reference]);
    expect(references((await agent.get('/backoffice/queue?q=c0987-6543')).text)).toEqual([target.reference]);
    // As the passport writes it (ə as a), as typed on an Azerbaijani keyboard, or on any other.
    for (const name of ['MAMMADOVA', 'məmmədova şəhla', 'sahla mammadova', 'Mammad']) {
      expect(references((await agent.get(`/backoffice/queue?q=${encodeURIComponent(name)}`)).text), name).toEqual([target.reference]);
    }
    expect(references((await agent.get(`/backoffice/queue?q=${encodeURIComponent('алена ЩУКИНА')}`)).text)).toEqual([cyrillic.reference]);
    const audit = await t.db('audit_log').where({ action: 'queue-searched' });
    expect(audit.length).toBeGreaterThan(0);
    // What was searched for is not kept.
    expect(JSON.stringify(audit)).not.toMatch(/məmmədova|MAMMADOVA|C0987/i);
  });

  it('pages by keyset, 50 at a time, and a page seen stays the same while new applications arrive', async () => {
    await t.db('applications').delete();
    for (let index = 0; index < 120; index += 1) {
      await fileApplication(t.db, { surname: `Kişiyev${index}`, due: `2026-12-${String(1 + (index % 28)).padStart(2, '0')}` });
    }
    const first = await agent.get('/backoffice/queue').expect(200);
    const firstRefs = references(first.text);
    expect(firstRefs).toHaveLength(PAGE_SIZE);
    const nextHref = parse(first)('a[rel="next"]').attr('href')!;
    expect(nextHref).toContain('after=');
    // Applications arrive between the two pages, due earlier than everything: they belong to page one, not page two.
    for (let index = 0; index < 5; index += 1) await fileApplication(t.db, { surname: `Yeni${index}`, due: '2026-11-25' });
    const second = references((await agent.get(nextHref).expect(200)).text);
    expect(second).toHaveLength(PAGE_SIZE);
    expect(second.filter((reference) => firstRefs.includes(reference))).toEqual([]);
    const third = references((await agent.get(parse(await agent.get(nextHref))('a[rel="next"]').attr('href')!)).text);
    expect(new Set([...firstRefs, ...second, ...third]).size).toBe(120);
    const rows = await t.db('applications').whereIn('reference', [...firstRefs, ...second, ...third]);
    expect(rows.every((row) => !row.applicant_name.startsWith('Yeni'))).toBe(true);
  });

  it('a forged or broken cursor is ignored, never a 500', async () => {
    for (const after of ['garbage', Buffer.from("2026-01-01|'; drop table applications;--").toString('base64url'), 'x'.repeat(500)]) {
      const answer = await agent.get(`/backoffice/queue?after=${encodeURIComponent(after)}&sort=submitted`);
      expect(answer.status).toBe(200);
      expect(textOf(parse(answer), 'h1')).toBe('Applications');
    }
  });

  it('a decided or withdrawn case shows no time left, in the queue, its CSV and its page; an open one does', async () => {
    const moves = { approved: ['in_review', 'approved'], refused: ['in_review', 'refused'], withdrawn: ['withdrawn'], in_review: ['in_review'] } as const;
    for (const [status, steps] of Object.entries(moves)) {
      const filed = await fileApplication(t.db, { surname: 'Nəsibova', due: '2026-12-22' });
      for (const step of steps) await t.db('applications').where({ id: filed.id }).update({ status: step });
      const open = status === 'in_review';
      const queue = parse(await agent.get(`/backoffice/queue?status=all&q=${filed.reference}&lang=en`).expect(200));
      expect(textOf(queue, 'tbody tr'), status).toContain('22 December 2026');
      expect(textOf(queue, 'tbody tr').includes('working days left'), status).toBe(open);
      const csv = (await agent.get(`/backoffice/queue.csv?status=all&q=${filed.reference}&lang=en`).expect(200)).text;
      expect(csv.includes('working days left'), status).toBe(open);
      const $ = parse(await agent.get(`/backoffice/cases/${filed.reference}?lang=en`).expect(200));
      const due = $('dt.govuk-summary-list__key')
        .filter((_index, key) => $(key).text().trim() === 'Decision due')
        .next('dd')
        .text()
        .trim();
      expect(due, status).toBe(open ? '22 December 2026 (20 working days left)' : '22 December 2026');
    }
  });
});
