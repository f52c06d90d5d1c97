/**
 * Whether a path stays inside the export's root on every platform: relative, forward slashes only,
 * no empty, `.` or `..` segments, no drive letters, no control characters.
 */
export function isSafePath(path: string): boolean {
  if (path === '' || path.length > 255 || path.startsWith('/') || path.includes('\\')) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u001f\u007f:]/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
