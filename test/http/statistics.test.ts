import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileApplication } from '../support/applications.js';
import { parse, textOf } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
const now = new Date('2026-11-24T08:00:00Z');

/** A decided application: submitted and decided on these Baku dates (noon), with its legal due date. */
async function decided(service: string, submitted: string, decidedOn: string, due: string) {
  const row = await fileApplication(t.db, { service, due, submittedAt: new Date(`${submitted}T08:00:00Z`) });
  await t.db('applications').where({ id: row.id }).update({ status: 'in_review' });
  await t.db('applications').where({ id: row.id }).update({ status: 'approved', decided_at: new Date(`${decidedOn}T08:00:00Z`) });
  return row;
}

beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  // Work permits: 6 decided in the window, working days 1, 2, 3, 5, 8, 10 (median 4); 4 of 6 on time.
  await decided('work-permit', '2026-03-02', '2026-03-03', '2026-03-30'); // Mon → Tue: 1
  await decided('work-permit', '2026-03-02', '2026-03-04', '2026-03-30'); // 2
  await decided('work-permit', '2026-03-02', '2026-03-05', '2026-03-30'); // 3
  await decided('work-permit', '2026-03-02', '2026-03-09', '2026-03-30'); // Mon → next Mon: 5
  await decided('work-permit', '2026-03-02', '2026-03-12', '2026-03-10'); // 8, late
  await decided('work-permit', '2026-03-02', '2026-03-16', '2026-03-10'); // 10, late
  // Before the window: counts for nothing.
  await decided('work-permit', '2025-01-06', '2025-01-20', '2025-02-01');
  // Stay extensions: 3 received, none decided: fewer than 5, and nothing worked out.
  for (let index = 0; index < 3; index += 1) await fileApplication(t.db, { service: 'stay-extension', submittedAt: new Date('2026-10-01T08:00:00Z') });
  const rated = await t.db('applications').where({ service_id: 'work-permit', status: 'approved' }).limit(5);
  await t.db('satisfaction').insert(rated.map((row, index) => ({ application_id: row.id, service_id: 'work-permit', rating: [5, 4, 4, 3, 5][index]!, comment: index === 0 ? 'Tural Əliyev, AA1234567' : null, created_at: new Date('2026-11-01T08:00:00Z') })));
});
afterAll(async () => t.close());

describe('public statistics', () => {
  it('counts, the median of working days, the share on time and the average rating; small counts are "fewer than 5" with nothing worked out from them', async () => {
    const $ = parse(await t.agent().get('/statistics?lang=en').expect(200));
    const cells = (name: string) => {
      const row = $('[data-statistics] tbody tr').filter((_, tr) => $(tr).find('th').text().trim() === name);
      return row.find('td').map((_, td) => $(td).text().trim()).get();
    };
    expect(cells('Work permit')).toEqual(['6', '6', '4.0', '67%', '4.2']);
    expect(cells('Extension of the temporary stay period')).toEqual(['fewer than 5', 'fewer than 5', 'not shown', 'not shown', 'not shown']);
    // No comment is shown anywhere.
    expect(textOf($, 'main')).not.toContain('Tural');
    // The chart draws the same figures, with the table as its alternative.
    expect($('figure svg[aria-hidden="true"] rect').length).toBe(12);
    expect($('figure svg').text()).toContain('Work permit');
  });

  it('numbers in the page language', async () => {
    const $ = parse(await t.agent().get('/statistics?lang=ru').expect(200));
    const row = $('[data-statistics] tbody tr').filter((_, tr) => $(tr).find('th').text().trim() === 'Выдача разрешения на работу');
    expect(row.find('td').map((_, td) => $(td).text().trim()).get()).toEqual(['6', '6', '4,0', '67\u00a0%', '4,2']);
    expect(textOf($, 'main')).toContain('меньше 5');
  });

  it('the same as CSV', async () => {
    const response = await t.agent().get('/statistics.csv?lang=az').expect(200).expect('content-type', /^text\/csv/);
    expect(response.text.startsWith('\ufeff')).toBe(true);
    // No field of these rows holds a comma or a quote: split as they are.
    const records = response.text.slice(1).trim().split('\n').map((line) => line.split(','));
    expect(records[0]![0]).toBe('service');
    expect(records.find((record) => record[0] === 'work-permit')).toEqual(['work-permit', 'İş icazəsinin verilməsi', '6', '6', '4', '0.667', '4.20']);
    expect(records.find((record) => record[0] === 'stay-extension')!.slice(2)).toEqual(['<5', '<5', '', '', '']);
  });
});
