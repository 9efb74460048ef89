import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES, TRANSITIONS } from '../../src/applications/status.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function newApplication(): Promise<string> {
  const [row] = await t
    .db('applications')
    .insert({
      reference: `T${Math.random().toString(36).slice(2, 13).toUpperCase().padEnd(11, '0')}`.slice(0, 12).replace(/[^0-9A-Z]/g, '0'),
      service_id: 'registration-at-place-of-stay',
      status: 'submitted',
      language: 'az',
      document_number: 'X1',
      citizenship: 'TR',
      date_of_birth: '1990-01-01',
      answers: {},
      legal_due_date: '2026-12-01',
    })
    .returning('id');
  return row!.id;
}

describe('application statuses', () => {
  it('the database holds the same statuses and moves as the code', async () => {
    const statuses = (await t.db('application_statuses').select('id')).map((row) => row.id).sort();
    expect(statuses).toEqual([...STATUSES].sort());
    const moves = (await t.db('application_status_transitions').select('*')).map((row) => `${row.from_status}>${row.to_status}`).sort();
    const expected = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)).sort();
    expect(moves).toEqual(expected);
  });

  it('the database refuses a move the code does not allow', async () => {
    const id = await newApplication();
    await expect(t.db('applications').where({ id }).update({ status: 'approved' })).rejects.toThrow(/cannot move from submitted to approved/);
    await t.db('applications').where({ id }).update({ status: 'in_review' });
    await t.db('applications').where({ id }).update({ status: 'approved' });
    await expect(t.db('applications').where({ id }).update({ status: 'in_review' })).rejects.toThrow(/cannot move/);
  });

  it('a new application must start as submitted, and an unknown status is refused', async () => {
    await expect(
      t.db('applications').insert({
        reference: 'ABCDEFGH1234',
        service_id: 'x',
        status: 'approved',
        language: 'az',
        document_number: 'X',
        citizenship: 'TR',
        date_of_birth: '1990-01-01',
        answers: {},
        legal_due_date: '2026-12-01',
      }),
    ).rejects.toThrow(/must start as submitted/);
    const id = await newApplication();
    await expect(t.db('applications').where({ id }).update({ status: 'lost' as 'approved' })).rejects.toThrow();
  });
});
