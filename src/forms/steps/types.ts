import type { FeeStep } from './fee.js';
import type { ExitStep, NoticeStep } from './notice.js';
import type { PrefillStep } from './prefill.js';
import type { QuestionStep } from './question.js';
import type { RepeatStep } from './repeat.js';

/** Every step kind. A new kind is a module of its own and a line here and in the registry. */
export type Step = QuestionStep | RepeatStep | FeeStep | NoticeStep | ExitStep | PrefillStep;

export type { QuestionStep, NoticeStep, ExitStep };
