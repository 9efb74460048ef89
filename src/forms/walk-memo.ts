import { createHash } from 'node:crypto';
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
 */
const WALKS_KEPT_PER_JOURNEY = 1000;

const kept = new WeakMap<Journey, LRUCache<string, Walked>>();

function keyOf(saved: RawAnswers, raw: RawAnswers, today: string): string {
  return createHash('sha256').update(today).update('\0').update(JSON.stringify(saved)).update('\0').update(JSON.stringify(raw)).digest('base64');
}

function walksOf(journey: Journey): LRUCache<string, Walked> {
  let walks = kept.get(journey);
  if (!walks) {
    walks = new LRUCache({ max: WALKS_KEPT_PER_JOURNEY });
    kept.set(journey, walks);
  }
  return walks;
}

/** The walk of these answers today: kept, or made by `make` and kept. */
export function rememberedWalk(journey: Journey, saved: RawAnswers, raw: RawAnswers, today: string, make: () => Walked): Walked {
  const walks = walksOf(journey);
  const key = keyOf(saved, raw, today);
  const found = walks.get(key);
  if (found) return found;
  const walked = make();
  walks.set(key, walked);
  return walked;
}
