import type { z } from 'zod';
import type { FieldError } from './model.js';

const CODE = /^[a-z][A-Za-z]*$/;

/** zod's issues as the engine's errors: one per field (its first), in the order the fields were checked. */
export function errorsFromZod(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (errors.some((known) => known.field === field)) continue;
    const params = (issue as { params?: { part?: string; values?: Record<string, string | number> } }).params;
    errors.push({
      field,
      // Every schema of ours says a code; anything else zod says is still no answer we can use.
      code: CODE.test(issue.message) ? issue.message : 'invalid',
      ...(params?.part ? { part: params.part } : {}),
      ...(params?.values ? { values: params.values } : {}),
    });
  }
  return errors;
}
