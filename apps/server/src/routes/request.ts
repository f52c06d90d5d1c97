import { formatError, type ModelError } from '@meshplan/model';
import type { Request } from 'express';
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
  return { ...granted, actor: { name: authorName(req), credential: granted.credential, role: granted.role } };
}

/** `X-Author-Name`, URI-decoded and trimmed to 100 characters; null when absent or empty. */
export function authorName(req: Request): string | null {
  const name = req.get('x-author-name');
  if (name === undefined) return null;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Not URI-encoded after all: keep it as sent.
  }
  const trimmed = decoded.trim().slice(0, 100);
  return trimmed === '' ? null : trimmed;
}

/** The request body parsed as a JSON object; 400 when it is not one. */
export function jsonObject(req: Request): Record<string, unknown> {
  const text = typeof req.body === 'string' ? req.body : '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpProblem({
      title: 'Body is not valid JSON',
      status: 400,
      detail:
        text === '' ? 'Send a JSON body with Content-Type: application/json.' : String(error).slice(0, 300),
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidBody([{ path: '', message: 'expected an object' }]);
  return value as Record<string, unknown>;
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
