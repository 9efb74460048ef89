import { cleanText } from '../text/rules.js';

const MAX_NAME_LENGTH = 120;

/**
 * A file name fit to show: what the applicant called the file, without anything that could act
 * as a path or hide what it says. Null for a name that carries a path ("../../etc/passwd.pdf",
 * "C:\\Users\\me\\scan.pdf"): browsers send the bare name, so a path means something else sent it.
 */
export function safeDisplayName(original: string): string | null {
  if (/[/\\]/.test(original) || original === '.' || original === '..') return null;
  const cleaned = cleanText(original, false);
  if (!cleaned.ok) return null;
  const name = cleaned.value.replace(/^\.+/, '');
  if (!name) return null;
  if (name.length <= MAX_NAME_LENGTH) return name;
  // Keep the extension, shorten the rest.
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, MAX_NAME_LENGTH - extension.length - 1) + '…' + extension;
}

/** The header that makes a browser save the file under its name, in any script. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
