import { contactStep } from './contact.js';
import { documentsStep, type DocumentList, type DocumentsStepOptions } from './documents.js';

/** How every application ends: where notices go, then the service's documents. */
export function closingSteps<const D extends DocumentList>(documents: D, options?: DocumentsStepOptions<D>) {
  return [contactStep('contact'), documentsStep(documents, options)] as const;
}

/** Their sections, for a journey with no other step among its documents. */
export const CLOSING_SECTIONS = [
  { id: 'contact', steps: ['contact'] },
  { id: 'documents', steps: ['documents'] },
] as const;
