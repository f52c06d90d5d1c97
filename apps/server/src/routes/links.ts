import type { ModelError } from '@meshplan/model';
import { Router } from 'express';
import { modelEvents } from '../events.js';
import { createLink, LINK_ROLES, type LinkRole, listLinks, revokeLink } from '../links.js';
import { notFound } from '../problems.js';
import type { ModelStore } from '../store.js';
import { access, invalidBody, jsonObject } from './request.js';

const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/;

/** The role of a credential, and share links: made, listed and revoked by the owner only. */
export function linkRoutes(store: ModelStore): Router {
  const router = Router();

  router.get('/models/:id/access', async (req, res) => {
    const { role } = await access(store, req, 'read');
    res.json({ role });
  });

  router.post('/models/:id/links', async (req, res) => {
    const { stored } = await access(store, req, 'share');
    const { role, expiresAt } = linkRequest(jsonObject(req));
    await store.quotas.beforeLink(stored.id);
    const link = await createLink(store.db, stored.id, role, expiresAt);
    res.status(201).set('Location', `/api/v1/models/${stored.id}/links/${link.id}`).json({
      id: link.id,
      role: link.role,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      credential: link.credential,
    });
  });

  router.get('/models/:id/links', async (req, res) => {
    const { stored } = await access(store, req, 'share');
    res.json({ links: await listLinks(store.db, stored.id) });
  });

  router.delete('/models/:id/links/:linkId', async (req, res) => {
    const { stored } = await access(store, req, 'share');
    if (!(await revokeLink(store.db, stored.id, String(req.params.linkId)))) throw notFound('share link');
    // Whoever is in the live room with this link leaves it now, not at their next request.
    modelEvents.emit('links', stored.id);
    res.status(204).end();
  });

  return router;
}

function linkRequest(body: Record<string, unknown>): { role: LinkRole; expiresAt: string | null } {
  const errors: ModelError[] = [];
  const role = body.role as LinkRole;
  if (!LINK_ROLES.includes(role))
    errors.push({ path: 'role', message: `expected one of ${LINK_ROLES.map((r) => `"${r}"`).join(', ')}` });
  let expiresAt: string | null = null;
  if (body.expiresAt !== undefined && body.expiresAt !== null) {
    const value = body.expiresAt;
    const time = typeof value === 'string' && ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time))
      errors.push({
        path: 'expiresAt',
        message: 'expected an ISO-8601 date and time, like 2030-01-31T12:00:00Z',
      });
    else if (time <= Date.now()) errors.push({ path: 'expiresAt', message: 'must be in the future' });
    else expiresAt = new Date(time).toISOString();
  }
  if (errors.length > 0) throw invalidBody(errors);
  return { role, expiresAt };
}
