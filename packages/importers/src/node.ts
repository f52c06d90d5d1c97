import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { ImportError } from './errors.js';
import { importTraces, looksLikeTraces, type TraceImportResult } from './traces/index.js';
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

/**
 * Reads a trace export (OTLP, Jaeger or Zipkin JSON) from disk as a stream, in bounded memory
 * whatever its size: the CLI's `import --from traces` and drift's observations use this.
 */
export async function importTracesFile(path: string): Promise<TraceImportResult> {
  // Decoded by Node (faster than TextDecoder); bytes that are not UTF-8 decode to U+FFFD, refused.
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024, encoding: 'utf8' });
  const name = basename(path);
  try {
    return await importTraces(utf8Text(stream, name), { path: name });
  } finally {
    stream.destroy();
  }
}

async function* utf8Text(chunks: AsyncIterable<string>, path: string): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    if (chunk.includes('\uFFFD')) throw new ImportError('not UTF-8 text (a binary file?)', { path });
    yield chunk;
  }
}

/** Whether `path` is a file whose first 4 KB read like a trace export (a folder never is). */
export async function isTraceFile(path: string): Promise<boolean> {
  const info = await stat(path);
  if (!info.isFile()) return false;
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return looksLikeTraces(head.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}
