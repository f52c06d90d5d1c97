import type { ImportFile } from './types.js';

/** A model name from where the files came from: the folder of the first file, else its name. */
export function modelName(files: readonly ImportFile[], fallback: string): string {
  const path = files[0]?.path ?? '';
  const parts = path.split(/[\\/]/).filter((part) => part !== '' && part !== '.' && part !== '..');
  const folder = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const file = parts[parts.length - 1]?.replace(/\.(ya?ml|json)$/i, '');
  return folder ?? file ?? fallback;
}
