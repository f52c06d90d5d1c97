/** A request that `public/early.js` started before the editor's code ran. */
interface EarlyRequest {
  path: string;
  headers: [string, string][];
  response: Promise<Response>;
}

declare global {
  interface Window {
    meshplanEarly?: EarlyRequest;
  }
}

/**
 * The response of the GET of `path` that `public/early.js` started with the same headers, once
 * (a response's body can be read once); else undefined.
 */
export function takeEarly(path: string, headers: Headers): Promise<Response> | undefined {
  const started = typeof window === 'undefined' ? undefined : window.meshplanEarly;
  if (started === undefined || started.path !== path) return undefined;
  window.meshplanEarly = undefined;
  const sent = new Headers(started.headers);
  const same =
    [...headers].length === [...sent].length && [...headers].every(([key, value]) => sent.get(key) === value);
  return same ? started.response : undefined;
}
