import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'sms-upload-';

/** A folder of one request's files, readable by this user only, under the system's temporary folder. */
export function uploadFolder(root = os.tmpdir()): Promise<string> {
  return mkdtemp(path.join(root, PREFIX));
}

export function removeFolder(folder: string): Promise<void> {
  return rm(folder, { recursive: true, force: true });
}

/**
 * Folders a process left behind when it was killed mid-upload. A request's folder lives as long
 * as the request (30 s at most, see server.ts), so one an hour old belongs to no running instance.
 */
export async function sweepUploadFolders(root = os.tmpdir(), olderThanMs = 60 * 60 * 1000): Promise<number> {
  const now = Date.now();
  let removed = 0;
  for (const name of await readdir(root)) {
    if (!name.startsWith(PREFIX)) continue;
    const folder = path.join(root, name);
    const info = await stat(folder).catch(() => undefined);
    if (!info?.isDirectory() || now - info.mtimeMs < olderThanMs) continue;
    await removeFolder(folder);
    removed += 1;
  }
  return removed;
}
