import type { DocumentType } from './requirement.js';

const BY_MIME: Record<string, DocumentType> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpeg', 'image/png': 'png' };

/** What the bytes of a file are, whatever its name or the browser says: one of ours with its media type, or undefined. */
export async function sniffDocumentFile(file: string): Promise<{ type: DocumentType; mediaType: string } | undefined> {
  // Loaded by the first upload, not by every process as it starts.
  const { fileTypeFromFile } = await import('file-type');
  const found = await fileTypeFromFile(file);
  const type = found ? BY_MIME[found.mime] : undefined;
  return type && found ? { type, mediaType: found.mime } : undefined;
}
