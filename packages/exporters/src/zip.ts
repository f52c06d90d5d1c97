import { type Zippable, zipSync } from 'fflate';
import { isSafePath } from './paths.js';
import { ExportError } from './types.js';

/**
 * Every entry's time, the earliest a zip can hold. Built from local fields because zip stores
 * local time: the same bytes in every time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * The files as one zip archive, entries in path order, every entry dated 1980-01-01: the same
 * files give the same bytes. `extraFiles` (the model itself, say) join them; paths must be unique.
 */
export function zipFiles(
  files: readonly { path: string; content: string | Uint8Array }[],
  extraFiles: readonly { path: string; content: string | Uint8Array }[] = [],
): Uint8Array {
  const encoder = new TextEncoder();
  const entries = [...files, ...extraFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const zippable: Zippable = {};
  for (const { path, content } of entries) {
    if (!isSafePath(path)) throw new ExportError(`Unsafe path in zip: "${path}".`);
    if (Object.hasOwn(zippable, path)) throw new ExportError(`Two files share the path "${path}".`);
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    zippable[path] = [bytes, { mtime: FIXED_MTIME }];
  }
  return zipSync(zippable, { level: 6, mtime: FIXED_MTIME });
}
