import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Walked } from './engine.js';
import type { Journey } from './journey.js';
import type { RawAnswers } from './model.js';

/**
 * Walks kept by what they read: a journey, the answers as saved, the answers with the draft's files
 * and the day. A walk depends on nothing else, so a page that reads a draft as the last request left
 * it (the step after a POST's redirect, the same page again, check your answers) takes the walk that
 * request made instead of validating every step again. Keyed by a digest of the answers themselves,
 * not by a draft's id or time, so two tabs saving in the same millisecond can never share a walk.
 * The walks are read, never changed, by the pages.
 *
 * Bounded by the memory the walks take, not by their number: a walk of a long journey holds many
 * times a short one's answers, and a process runs in a heap of 128 MB (package.json, `start`).
 */
const KEPT_BYTES = 12 * 1024 * 1024;
/** A walk holds its answers about three times (as saved, with files, validated), as UTF-16 and objects. */
const BYTES_PER_ANSWER_CHARACTER = 4;

/**
 * A walk holds a person's answers: it is let go ten minutes after it was made, long after the
 * redirect or the submission that reads it, so a process does not carry answers beyond their use.
 */
const KEPT_MS = 10 * 60 * 1000;

const walks = new LRUCache<string, Walked>({ maxSize: KEPT_BYTES, ttl: KEPT_MS, ttlAutopurge: true });
const journeyNumbers = new WeakMap<Journey, number>();
let journeysNumbered = 0;

/** Each journey object its own number in the keys: two catalogues (tests) may hold journeys of the same id. */
function numberOf(journey: Journey): number {
  let number = journeyNumbers.get(journey);
  if (number === undefined) {
    number = (journeysNumbered += 1);
    journeyNumbers.set(journey, number);
  }
  return number;
}

/** The walk of these answers today: kept, or made by `make` and kept. */
export function rememberedWalk(journey: Journey, saved: RawAnswers, raw: RawAnswers, today: string, make: () => Walked): Walked {
  const savedJson = JSON.stringify(saved);
  // A draft without files is walked from its answers as saved: the same object, written once.
  const rawJson = raw === saved ? savedJson : JSON.stringify(raw);
  const key = `${numberOf(journey)} ${hash('sha256', `${today}\0${savedJson}\0${rawJson}`, 'base64')}`;
  const found = walks.get(key);
  if (found) return found;
  const walked = make();
  walks.set(key, walked, { size: (savedJson.length + rawJson.length) * BYTES_PER_ANSWER_CHARACTER + 1 });
  return walked;
}
