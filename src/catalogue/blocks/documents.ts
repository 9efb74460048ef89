import { file } from '../../forms/fields/index.js';
import type { CommonOptions } from '../../forms/fields/types.js';
import { question } from '../../forms/steps/question.js';
import type { DocumentRequirement } from '../types.js';
import { REPRESENTATION_PROOF, representativeApplies } from './representative.js';

type Asked = NonNullable<CommonOptions['when']>;
export type DocumentList = Readonly<Record<string, DocumentRequirement>>;

export interface DocumentsStepOptions<D extends DocumentList> {
  /** Documents uploaded only on some paths, each with the condition that asks for it. */
  askedWhen?: { readonly [K in keyof D]?: Asked };
  /** Documents of the list uploaded on a step of their own (asked on a condition a field cannot see). */
  onOtherSteps?: readonly (keyof D)[];
}

/** Whatever the service, the proof of representation comes only from a parent or guardian. */
function ownCondition(document: DocumentRequirement): Asked | undefined {
  return document === REPRESENTATION_PROOF ? representativeApplies : undefined;
}

/** The "documents" step: one upload for each document of the service's list, in the list's order. */
export function documentsStep<const D extends DocumentList>(documents: D, options: DocumentsStepOptions<D> = {}) {
  const askedWhen: Readonly<Record<string, Asked | undefined>> = options.askedWhen ?? {};
  const onOtherSteps: readonly PropertyKey[] = options.onOtherSteps ?? [];
  const fields = Object.entries(documents)
    .filter(([key]) => !onOtherSteps.includes(key))
    .map(([key, document]) => {
      const when = askedWhen[key] ?? ownCondition(document);
      return when ? file(document, { when }) : file(document);
    });
  return question('documents', fields, { block: 'documents' });
}
