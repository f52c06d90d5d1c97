import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { ImportFile } from './types.js';

// YAML and JSON documents, and nginx configurations (a compose gateway's mounted routes).
const IMPORTABLE = /\.(ya?ml|json|conf)$/i;

/**
 * Reads a file, or every YAML and JSON file (and compose's `.env`) under a folder (sorted, hidden
 * folders and node_modules skipped), into the `{ path, text }` list that `importModel` takes.
 */
export async function readImportFiles(path: string): Promise<ImportFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [{ path: basename(path), text: await readFile(path, 'utf8') }];
  const files: ImportFile[] = [];
  const visit = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(folder, entry.name);
      // A compose project's `.env` is read for interpolation; other hidden files and folders are not.
      if (entry.name === '.env' && entry.isFile()) {
        files.push({ path: relative(path, full), text: await readFile(full, 'utf8') });
        continue;
      }
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile() && IMPORTABLE.test(entry.name)) {
        files.push({ path: relative(path, full), text: await readFile(full, 'utf8') });
      }
    }
  };
  await visit(path);
  return files;
}
