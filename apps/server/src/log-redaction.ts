/**
 * What the request log must never hold: credentials. Owner tokens and share link credentials
 * travel in `Authorization`; cookies and proxy credentials are redacted too, in case a proxy or a
 * future client adds them, and so is any query parameter whose name says it carries a secret
 * (the API never reads one, but a client may still send `?token=…`).
 */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
]);
const SECRET_PARAMETER = /token|credential|secret|password|passwd|auth|key|sig|session|^ml_/i;
/** A share link credential or anything shaped like one, wherever it appears in a logged string. */
const LINK_CREDENTIAL = /ml_[0-9a-f]{32}_[A-Za-z0-9_-]+/g;
export const REDACTED = '[redacted]';

type Headers = Record<string, unknown>;

function redactHeaders(headers: Headers | undefined): Headers | undefined {
  if (headers === undefined || headers === null || typeof headers !== 'object') return headers;
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers))
    kept[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  return kept;
}

/** `url` with the values of secret-looking query parameters (and link credentials anywhere) replaced. */
export function redactUrl(url: string): string {
  const cut = url.indexOf('?');
  const path = (cut < 0 ? url : url.slice(0, cut)).replace(LINK_CREDENTIAL, REDACTED);
  if (cut < 0) return path;
  const query = url
    .slice(cut + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // Not URI-encoded: test it as sent.
      }
      return eq >= 0 && SECRET_PARAMETER.test(decoded)
        ? `${name}=${REDACTED}`
        : pair.replace(LINK_CREDENTIAL, REDACTED);
    })
    .join('&');
  return `${path}?${query}`;
}

function redactQuery(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query as Record<string, unknown>))
    kept[name] = SECRET_PARAMETER.test(name) ? REDACTED : value;
  return kept;
}

/** pino-http's `req` serializer (applied to pino-std-serializers' output): no credential leaves. */
export function redactRequest(req: Record<string, unknown>): Record<string, unknown> {
  const safe = { ...req };
  // The raw request stays reachable for other serializers but is never printed.
  Object.defineProperty(safe, 'raw', { value: req.raw, enumerable: false });
  if (typeof req.url === 'string') safe.url = redactUrl(req.url);
  if ('query' in req) safe.query = redactQuery(req.query);
  if ('headers' in req) safe.headers = redactHeaders(req.headers as Headers);
  return safe;
}

/** pino-http's `res` serializer: no `Set-Cookie` in the log. */
export function redactResponse(res: Record<string, unknown>): Record<string, unknown> {
  const safe = { ...res };
  Object.defineProperty(safe, 'raw', { value: res.raw, enumerable: false });
  if ('headers' in res) safe.headers = redactHeaders(res.headers as Headers);
  return safe;
}
