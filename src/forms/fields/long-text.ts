import { characterCount } from '../../text/rules.js';
import type { Reader } from '../words.js';
import { linesHtml, refuse } from './shared.js';
import { textLikeModule } from './text-like.js';
import type { CommonOptions, FieldCommon } from './types.js';

export interface LongTextOptions extends CommonOptions {
  readonly maxLength?: number;
  readonly rows?: number;
}

export interface LongTextField<N extends string = string> extends FieldCommon<N>, LongTextOptions {
  readonly type: 'longText';
  readonly __value?: string;
}

/** Short limits make people leave things out: explanations and reasons get room. */
export const DEFAULT_LONG_TEXT_LENGTH = 5000;

export function longText<const N extends string, const O extends LongTextOptions = object>(name: N, options?: O): LongTextField<N> & NoInfer<O> {
  return { type: 'longText', name, ...(options as O) };
}

/** govuk-frontend's character count words, with plural forms in the page language. */
function countWords(reader: Reader, max: number): Record<string, unknown> {
  const plural = (key: string) => reader.t(`forms:characterCount.${key}`, { returnObjects: true }) as Record<string, string>;
  return {
    maxlength: max,
    textareaDescriptionText: reader.t('forms:characterCount.description', { max }),
    charactersUnderLimitText: plural('under'),
    charactersAtLimitText: reader.t('forms:characterCount.atLimit'),
    charactersOverLimitText: plural('over'),
  };
}

/** Several lines of text, with a visible count of characters left. */
export const longTextModule = textLikeModule<LongTextField>({
  codes: ['required', 'tooLong', 'characters'],
  check: (field, value, ctx) => {
    const max = field.maxLength ?? DEFAULT_LONG_TEXT_LENGTH;
    return characterCount(value) > max ? refuse(ctx, 'tooLong', { values: { max } }) : value;
  },
  typing: () => ({ multiline: true }),
  macro: 'govukCharacterCount',
  params: (field, reader) => ({ rows: field.rows ?? 6, ...countWords(reader, field.maxLength ?? DEFAULT_LONG_TEXT_LENGTH) }),
  summary: (_field, value) => linesHtml(String(value)),
});
