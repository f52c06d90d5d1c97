import { type Access, type CreatedLink, createLinkRequest, type LinkList } from '@meshplan/api';
import { Router } from 'express';
import { notFound } from '../problems.js';
import type { ModelStore } from '../store.js';
import { access, withBody } from './request.js';

/** The role of a credential, and share links: made, listed and revoked by the owner only. */
export function linkRoutes(store: ModelStore): Router {
  const router = Router();

  router.get('/models/:id/access', async (req, res) => {
    const { role, stored, expiresAt } = await access(store, req, 'read');
    const model = JSON.parse(stored.body) as { name?: unknown };
    res.json({
      role,
      modelName: typeof model.name === 'string' ? model.name : '',
      // Only the owner makes links: whoever shared it goes by the owner's name.
      sharedBy: (await store.ownerName(stored.id)) ?? null,
      expiresAt,
    } satisfies Access);
  });

  router.post(
    '/models/:id/links',
    withBody(createLinkRequest, async (req, res, readBody) => {
      const { stored } = await access(store, req, 'share');
      const { role, expiresAt } = readBody();
      // Stored in one form (UTC, milliseconds), whatever offset was sent.
      const expiry = expiresAt == null ? null : new Date(expiresAt).toISOString();
      await store.quotas.beforeLink(stored.id);
      const link = await store.links.create(stored.id, role, expiry);
      res
        .status(201)
        .set('Location', `/api/v1/models/${stored.id}/links/${link.id}`)
        .json({
          id: link.id,
          role: link.role,
          createdAt: link.createdAt,
          expiresAt: link.expiresAt,
          credential: link.credential,
        } satisfies CreatedLink);
    }),
  );

  router.get('/models/:id/links', async (req, res) => {
    const { stored } = await access(store, req, 'share');
    res.json({ links: await store.links.list(stored.id) } satisfies LinkList);
  });

  router.delete('/models/:id/links/:linkId', async (req, res) => {
    const { stored } = await access(store, req, 'share');
    // The repository announces it: whoever is in the live room with this link leaves it now.
    if (!(await store.links.revoke(stored.id, String(req.params.linkId)))) throw notFound('share link');
    res.status(204).end();
  });

  return router;
}
