import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of a file in ../shared (the specs, examples and fixtures beside the project), or
 * undefined when that folder is absent; tests then skip and say why.
 */
export function sharedPath(relative: string): string | undefined {
  const path = fileURLToPath(new URL(`../../../../shared/${relative}`, import.meta.url));
  return existsSync(path) ? path : undefined;
}
