import type { SourceLocation } from './types.js';

/** Input that cannot be imported: the message names the file and, where known, the line. */
export class ImportError extends Error {
  constructor(
    readonly reason: string,
    readonly source: SourceLocation,
  ) {
    super(`${formatLocation(source)}: ${reason}`);
    this.name = 'ImportError';
  }
}

/** `compose.yml:12:5`, or the path alone when the line is not known. */
export function formatLocation(source: SourceLocation): string {
  if (source.line === undefined) return source.path;
  return `${source.path}:${source.line}${source.column === undefined ? '' : `:${source.column}`}`;
}
