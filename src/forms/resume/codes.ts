import { createHash } from 'node:crypto';
import { formatReference, newReference, normaliseReference } from '../../applications/reference.js';

/**
 * Resume codes are drawn like reference numbers (Crockford's alphabet and a check character, so
 * a mistyped character is caught) and kept only as a hash: the code itself is shown once.
 */
export function newResumeCode(): string {
  return newReference();
}

export function hashResumeCode(code: string): string {
  return createHash('sha256').update(`resume:${code}`).digest('hex');
}

/** What a person typed, as drawn; null when it cannot be one of ours. */
export function readResumeCode(typed: string): string | null {
  return normaliseReference(typed);
}

export const formatResumeCode = formatReference;
