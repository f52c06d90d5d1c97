import type { RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { sendProblem } from './problems.js';

const WINDOW_MS = 60_000;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Request body bytes of writes per client address per minute (fixed one-minute windows), beside
 * the count of writes: a few large writes fill a disk as well as many small ones. A write that
 * announces (Content-Length) more than is left is refused before its body is read (the body
 * parser refuses a body longer than it announced).
 */
export function writeByteBudget(bytesPerMinute: number): RequestHandler {
  let windowStart = Date.now();
  let spent = new Map<string, number>();
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    const now = Date.now();
    if (now - windowStart >= WINDOW_MS) {
      // A new window: every address starts again (and the map of the last one is dropped whole).
      windowStart = now;
      spent = new Map();
    }
    // By IPv6 /56, as the count limit does: one host holds a whole subnet of addresses.
    const client = ipKeyGenerator(req.ip ?? 'unknown');
    const used = spent.get(client) ?? 0;
    const announced = Number(req.get('content-length') ?? 0) || 0;
    if (used + announced > bytesPerMinute) {
      const retryAfter = Math.ceil((windowStart + WINDOW_MS - now) / 1000);
      res.set('Retry-After', String(retryAfter));
      return sendProblem(res, {
        type: 'https://meshplan.dev/problems/write-bytes',
        title: 'Too many bytes written',
        status: 429,
        detail: `At most ${bytesPerMinute} bytes of writes a minute from one address (MESHPLAN_WRITE_BYTES_PER_MINUTE); ${used} used, this one sends ${announced}. Try again in ${retryAfter} s.`,
      });
    }
    // Charged when announced, so that writes in flight at once cannot all pass. A chunked body
    // (no Content-Length) is charged once read: it can pass the budget by one body (at most 5 MB).
    const window = spent;
    window.set(client, used + announced);
    if (req.get('content-length') === undefined) {
      res.on('finish', () => {
        const body: unknown = req.body;
        const read = typeof body === 'string' || Buffer.isBuffer(body) ? Buffer.byteLength(body) : 0;
        window.set(client, (window.get(client) ?? 0) + read);
      });
    }
    next();
  };
}
