import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/middleware/errors.js';

const QUOTED = 'Zümrüdxanım-Qəşəmova';

/** A database error as knex hands it on: the statement, over several lines, before the words that quote a value. */
function databaseError(): Error {
  const error = Object.assign(new Error(`with "made" as (insert into applications (answers)\n  values ($1)\n  returning *) select * from "made" - refused: {"surname": "${QUOTED}"}\nmore: "${QUOTED}"`), {
    code: '23514',
    severity: 'ERROR',
    routine: 'exec_stmt_raise',
    detail: QUOTED,
  });
  return error;
}

describe('a failure as the log holds it', () => {
  it('keeps the frames of a database error whose message runs over lines, and nothing of the message', () => {
    const described = describeError(databaseError());
    expect(described).toMatchObject({ kind: 'database', code: '23514', routine: 'exec_stmt_raise' });
    expect(JSON.stringify(described)).not.toContain(QUOTED);
    expect(JSON.stringify(described)).not.toContain('insert into');
    expect(described.frames).toMatch(/^\s+at /);
  });

  it('keeps the frames when the stack no longer carries the message as it now reads', () => {
    const error = databaseError();
    error.message = 'rewritten';
    expect(JSON.stringify(describeError(error))).not.toContain(QUOTED);
    expect(describeError(error).frames).toMatch(/^\s+at /);
  });
});
