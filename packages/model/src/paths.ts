/** `['edges', 3, 'to']` → `edges[3].to`; keys that are not identifiers are quoted: `rules["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** `edges[3].to: no node "svc-x"`, or just the message for a problem with the whole document. */
export function formatError(error: { path: string; message: string }): string {
  return error.path === '' ? error.message : `${error.path}: ${error.message}`;
}
