import { type Document, isCollection, isNode, LineCounter, parseAllDocuments } from 'yaml';
import { ImportError } from './errors.js';
import { checkExpansion, ImportLimitError } from './limits.js';
import type { ImportFile, SourceLocation } from './types.js';

/** Real deployment files and API documents are far below these; the limits bound time and memory. */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;
export const MAX_TOTAL_CHARS = 20 * 1024 * 1024;
export const MAX_FILES = 1000;
const MAX_DOCUMENTS = 5000;
// Each alias may expand to a large subtree: a low count stops "billion laughs" documents.
const MAX_ALIAS_COUNT = 100;

/** Refuses inputs that are too large, empty, or not text, before any parsing. */
export function checkInput(files: readonly ImportFile[]): void {
  if (files.length === 0) throw new ImportError('no files to import', { path: '(input)' });
  if (files.length > MAX_FILES) {
    throw new ImportError(`too many files (${files.length}); at most ${MAX_FILES} are read`, {
      path: '(input)',
    });
  }
  let total = 0;
  for (const file of files) {
    if (file.text.length > MAX_FILE_CHARS) {
      throw new ImportError(
        `file too large (${megabytes(file.text.length)} MB); the importer reads files up to ${megabytes(MAX_FILE_CHARS)} MB`,
        { path: file.path },
      );
    }
    total += file.text.length;
    if (binaryAt(file.text) !== -1) {
      throw new ImportError('not a text file (it holds binary data)', { path: file.path });
    }
  }
  if (total > MAX_TOTAL_CHARS) {
    throw new ImportError(
      `input too large (${megabytes(total)} MB in ${files.length} files); the importer reads up to ${megabytes(MAX_TOTAL_CHARS)} MB`,
      { path: files[0]?.path ?? '(input)' },
    );
  }
  if (files.every((file) => file.text.trim() === '')) {
    throw new ImportError('the file is empty', { path: files[0]?.path ?? '(input)' });
  }
}

/** The offset of a NUL or of the Unicode replacement character a binary file decodes to, or -1. */
function binaryAt(text: string): number {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return nul;
  return text.indexOf('\uFFFD');
}

function megabytes(chars: number): string {
  return (chars / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}

/** One YAML (or JSON) document of a file, its plain value, and a way to locate paths inside it. */
export interface SourceDocument {
  path: string;
  index: number;
  value: unknown;
  locate(keys?: readonly (string | number)[]): SourceLocation;
  /** The YAML tag written on the value at `keys` (`!reset`), if any. */
  tagAt(keys: readonly (string | number)[]): string | undefined;
}

/**
 * Parses every document of a YAML or JSON file. Syntax errors, and documents that expand past the
 * alias limit, become an `ImportError` at their line. Empty documents (only comments) are left out.
 */
export function readDocuments(file: ImportFile): SourceDocument[] {
  const lineCounter = new LineCounter();
  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(file.text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    throw new ImportError(`cannot be read as YAML: ${describe(error)}`, { path: file.path });
  }
  if (documents.length > MAX_DOCUMENTS) {
    throw new ImportError(`too many YAML documents (${documents.length}); at most ${MAX_DOCUMENTS}`, {
      path: file.path,
    });
  }
  const at = (offset: number | undefined): SourceLocation => {
    if (offset === undefined) return { path: file.path };
    const { line, col } = lineCounter.linePos(offset);
    return { path: file.path, line, column: col };
  };
  const result: SourceDocument[] = [];
  documents.forEach((document, index) => {
    const error = document.errors[0];
    if (error !== undefined) {
      throw new ImportError(`not valid YAML: ${firstLine(error.message)}`, at(error.pos[0]));
    }
    if (document.contents === null) return;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const reason = `cannot be read: ${describe(error)}`;
      // The yaml package's own alias limit: as much a limit as the expansion check below.
      if (/Excessive alias count/.test(reason)) {
        throw new ImportLimitError(
          `${reason} (documents that expand aliases this much are refused)`,
          at(document.contents.range[0]),
        );
      }
      throw new ImportError(reason, at(document.contents.range[0]));
    }
    // A document of comments only, or the empty one after a final `---`.
    if (value === null || value === undefined) return;
    // Before any importer builds on it: aliases to a large map may multiply it many times.
    checkExpansion(value, at(document.contents.range[0]));
    result.push({
      path: file.path,
      index,
      value,
      locate(keys = []) {
        const location = at(nearestNode(document, keys)?.range?.[0]);
        return keys.length === 0 ? location : { ...location, pointer: pointer(keys) };
      },
      tagAt(keys) {
        const node = document.getIn(keys, true);
        return isNode(node) ? node.tag : undefined;
      },
    });
  });
  return result;
}

/** The node at `keys`, or the deepest ancestor of it that exists. */
function nearestNode(document: Document.Parsed, keys: readonly (string | number)[]) {
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(keys.slice(0, depth), true);
    if (isNode(node) || isCollection(node)) return node;
  }
  return undefined;
}

/** An RFC 6901 JSON pointer. */
export function pointer(keys: readonly (string | number)[]): string {
  return keys.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function describe(error: unknown): string {
  return firstLine(error instanceof Error ? error.message : String(error));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar as text (YAML reads `8080` and `true` as number and boolean), or undefined. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
