import { describe, expect, it } from 'vitest';
import { walk, walkSaved } from '../../src/forms/engine.js';
import { rememberedWalk } from '../../src/forms/walk-memo.js';
import { radios } from '../../src/forms/fields/radios.js';
import { text } from '../../src/forms/fields/text.js';
import { defineJourney } from '../../src/forms/journey.js';
import type { RawAnswers } from '../../src/forms/model.js';
import { question } from '../../src/forms/steps/question.js';

const TODAY = '2026-11-24';

// A step asked on one path only, and a check whose owner comes before the step it reads.
const journey = defineJourney({
  steps: [
    question('who', [radios('kind', ['self', 'child'])]),
    question('child', [text('childName')]),
    question('name', [text('surname')]),
    question('contact', [text('email')]),
  ],
  sections: [{ id: 'all', steps: ['who', 'child', 'name', 'contact'] }],
  conditions: { child: (answers) => answers.who?.kind === 'child' },
  checks: [{ step: 'who', field: 'kind', uses: ['name'], run: (answers) => (answers.name?.surname === 'Refused' ? { code: 'refused' } : null) }],
  person: {
    name: { surname: ['name', 'surname'], givenNames: ['name', 'surname'] },
    dateOfBirth: ['name', 'surname'],
    documentNumber: ['name', 'surname'],
    citizenship: ['name', 'surname'],
    email: ['contact', 'email'],
  },
});

const STATES: RawAnswers[] = [
  {},
  { who: { kind: 'self' } },
  { who: { kind: 'self' }, name: { surname: '' } },
  { who: { kind: 'self' }, name: { surname: 'Aliyev' } },
  { who: { kind: 'self' }, name: { surname: 'Refused' } },
  { who: { kind: 'self' }, name: { surname: 'Refused' }, contact: { email: 'a@example.com' } },
  { who: { kind: 'self' }, name: { surname: 'Aliyev' }, contact: { email: 'a@example.com' } },
  { who: { kind: 'child' }, name: { surname: 'Aliyev' }, contact: { email: 'a@example.com' } },
  { who: { kind: 'child' }, child: { childName: 'Aylin' }, name: { surname: 'Aliyev' }, contact: { email: 'a@example.com' } },
  { who: { kind: 'child' }, child: { childName: '' }, name: { surname: 'Aliyev' } },
  { who: { kind: 'child' }, child: { childName: 'Aylin' }, name: { surname: 'Refused' }, contact: { email: 'a@example.com' } },
];

describe('walking the answers again after a save', () => {
  it('finds what a walk from the first step finds, from any answers to any other', () => {
    for (const before of STATES) {
      const earlier = walkSaved(journey, before, before, TODAY);
      for (const after of STATES) {
        const fromScratch = walk(journey, after, TODAY, (id) => !!after[id]);
        expect(walkSaved(journey, after, after, TODAY, earlier).progress, JSON.stringify({ before, after })).toEqual(fromScratch);
      }
    }
  });

  it('tells a step sent with nothing but its files from one never sent', () => {
    // The files make the step's raw answers the same before and after; only what is saved tells them apart.
    const withFiles = { who: { kind: 'self' }, name: { surname: '' } };
    const earlier = walkSaved(journey, { who: { kind: 'self' } }, withFiles, TODAY);
    expect(earlier.progress.errors).toEqual([]);
    const sent = walkSaved(journey, { who: { kind: 'self' }, name: {} }, withFiles, TODAY, earlier);
    expect(sent.progress.errors.map((error) => error.field)).toEqual(['surname']);
  });
});

describe('walks kept between requests', () => {
  it('gives the walk of the same answers on the same day, and walks anew when the answers, their files, the day or the journey differ', () => {
    let made = 0;
    const make = (saved: RawAnswers, raw: RawAnswers, today: string, on = journey) => () => {
      made += 1;
      return walkSaved(on, saved, raw, today);
    };
    const saved: RawAnswers = { who: { kind: 'self' }, name: { surname: 'Əliyeva' } };
    const first = rememberedWalk(journey, saved, saved, TODAY, make(saved, saved, TODAY));
    // Read again from the database: equal answers, another object.
    const reread = structuredClone(saved);
    expect(rememberedWalk(journey, reread, reread, TODAY, make(reread, reread, TODAY))).toBe(first);
    expect(made).toBe(1);
    const changed = { ...saved, name: { surname: 'Refused' } };
    expect(rememberedWalk(journey, changed, changed, TODAY, make(changed, changed, TODAY)).progress).toEqual(walk(journey, changed, TODAY));
    const withFile = { ...saved, contact: { email: 'x' } };
    rememberedWalk(journey, saved, withFile, TODAY, make(saved, withFile, TODAY));
    rememberedWalk(journey, saved, saved, '2026-11-25', make(saved, saved, '2026-11-25'));
    const other = { ...journey };
    rememberedWalk(other, saved, saved, TODAY, make(saved, saved, TODAY, other));
    expect(made).toBe(5);
  });
});

describe('the memory walks kept take', () => {
  it('is bounded: the oldest walks give way to new ones, however long their answers', () => {
    let made = 0;
    const long = (index: number): RawAnswers => ({ who: { kind: 'self' }, name: { surname: `${index} ${'ə'.repeat(200_000)}` } });
    const remember = (answers: RawAnswers) =>
      rememberedWalk(journey, answers, answers, TODAY, () => {
        made += 1;
        return walkSaved(journey, answers, answers, TODAY);
      });
    for (let index = 0; index < 40; index += 1) remember(long(index));
    expect(made).toBe(40);
    // 40 walks of 200,000 characters each would hold about 64 MB: the first has been let go.
    remember(long(0));
    expect(made).toBe(41);
    remember(long(39));
    expect(made).toBe(41);
  });
});
