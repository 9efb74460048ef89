import { z } from 'zod';
import { refuse } from './shared.js';
import { textLikeModule } from './text-like.js';
import type { CommonOptions, FieldCommon } from './types.js';

export type EmailOptions = CommonOptions;

export interface EmailField<N extends string = string> extends FieldCommon<N>, EmailOptions {
  readonly type: 'email';
  readonly __value?: string;
}

export function email<const N extends string, const O extends EmailOptions = object>(name: N, options?: O): EmailField<N> & NoInfer<O> {
  return { type: 'email', name, ...(options as O) };
}

const MAX_EMAIL_LENGTH = 254;
const emailFormat = z.email({ error: 'email' }).max(MAX_EMAIL_LENGTH, { error: 'tooLong' });

export const emailModule = textLikeModule<EmailField>({
  codes: ['required', 'email', 'tooLong', 'characters'],
  check: (_field, value, ctx) => {
    const checked = emailFormat.safeParse(value);
    return checked.success ? checked.data : refuse(ctx, checked.error.issues[0]!.message);
  },
  // People paste addresses with spaces around the @; none belongs in one.
  typing: () => ({ prepare: (value) => value.replace(/\s/g, '') }),
  params: () => ({ type: 'email', autocomplete: 'email', spellcheck: false }),
});
