import { LIMITS } from '@meshplan/api';
import { formatError, formatPath, type ModelError } from '@meshplan/model';
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { type Action, type Role, requireRole, resolveAccess } from '../access.js';
import type { Actor, Credential } from '../actor.js';
import { HttpProblem } from '../problems.js';
import type { ModelStore, StoredModel } from '../store.js';

/** The bearer credential of the request, if it sends one. */
export function credential(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
}

export interface Granted {
  role: Role;
  credential: Credential;
  stored: StoredModel;
  /** When a share link stops working (null: never, and always for the owner token). */
  expiresAt: string | null;
  /** Who is asking: the `X-Author-Name` beside the credential that proves the rest. */
  actor: Actor;
}

/** The role of the request's credential on `:id` and the model; a problem unless it may `action`. */
export async function access(
  store: ModelStore,
  req: Request,
  action: Action,
  doing?: string,
): Promise<Granted> {
  const granted = await resolveAccess(store, String(req.params.id), credential(req));
  requireRole(granted.role, action, doing);
  // The owner's write without a name is the owner's still: credited to the name it last gave.
  const name =
    authorName(req) ??
    (granted.credential === 'owner' ? ((await store.ownerName(granted.stored.id)) ?? null) : null);
  return { ...granted, actor: { name, credential: granted.credential, role: granted.role } };
}

/** `X-Author-Name`, URI-decoded and cut to `LIMITS.authorName` characters; null when absent or empty. */
export function authorName(req: Request): string | null {
  const name = req.get('x-author-name');
  if (name === undefined) return null;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Not URI-encoded after all: keep it as sent.
  }
  const trimmed = decoded.trim().slice(0, LIMITS.authorName);
  return trimmed === '' ? null : trimmed;
}

/** The request body parsed as JSON; 400 when it is not JSON. */
function jsonValue(req: Request): unknown {
  const text = typeof req.body === 'string' ? req.body : '';
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem({
      title: 'Body is not valid JSON',
      status: 400,
      detail:
        text === '' ? 'Send a JSON body with Content-Type: application/json.' : String(error).slice(0, 300),
    });
  }
}

/** The request body parsed as a JSON object; 400 when it is not one. */
export function jsonObject(req: Request): Record<string, unknown> {
  const value = jsonValue(req);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidBody([{ path: '', message: 'expected an object' }]);
  return value as Record<string, unknown>;
}

/** `value` checked against `schema`; otherwise `problem` (a 400 unless said) with each wrong place by JSON path. */
export function parseValue<S extends z.ZodType>(
  schema: S,
  value: unknown,
  problem: (errors: ModelError[]) => HttpProblem = invalidBody,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw problem(
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}

/** The request's JSON body checked against `schema` (one of `@meshplan/api`'s); 400 otherwise. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  req: Request,
  problem?: (errors: ModelError[]) => HttpProblem,
): z.output<S> {
  return parseValue(schema, jsonValue(req), problem);
}

/** A route handler that says which body schema it reads, so the OpenAPI test can compare. */
export type BodyHandler<S extends z.ZodType> = RequestHandler & { readonly bodySchema: S };

/**
 * Middleware that only declares the body a route takes, when the handler checks it otherwise (a
 * model: `parseModel` on a worker thread applies `modelSchema` and the checks across the graph).
 */
export function bodyIs<S extends z.ZodType>(schema: S): BodyHandler<S> {
  const declare: RequestHandler = (_req, _res, next) => next();
  return Object.assign(declare, { bodySchema: schema });
}

/**
 * A route whose body is `schema`: the handler gets `readBody()`, which parses the body with
 * `parseBody` when the handler asks (after its access check, so a 401/403 comes before a 400).
 */
export function withBody<S extends z.ZodType>(
  schema: S,
  handler: (req: Request, res: Response, readBody: () => z.output<S>) => Promise<void>,
): BodyHandler<S> {
  const route: RequestHandler = (req, res) => handler(req, res, () => parseBody(schema, req));
  return Object.assign(route, { bodySchema: schema });
}

/** A 400 listing each wrong place of a request body by JSON path. */
export function invalidBody(errors: ModelError[]): HttpProblem {
  return new HttpProblem({
    type: 'https://meshplan.dev/problems/invalid-body',
    title: 'The request body is not valid',
    status: 400,
    detail: errors.map(formatError).join('; '),
    errors,
  });
}

export function revisionNumber(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new HttpProblem({
      title: 'Bad revision number',
      status: 400,
      detail: 'A revision number is a whole number from 1.',
    });
  return n;
}

/** Characters (code points), so that one emoji counts as one. */
export const length = (text: string): number => [...text].length;
