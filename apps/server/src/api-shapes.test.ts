import * as shapes from '@meshplan/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { apiClient, minimalModel, testServer } from './test-support.js';

let server: Awaited<ReturnType<typeof testServer>>;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await testServer();
  api = apiClient(server.url);
});
afterAll(() => server.close());

/**
 * The body of `res` is exactly what `schema` describes: it parses, and parsing drops nothing
 * (zod strips unknown keys, so a field the schema does not name shows up as a difference).
 */
async function expectShape<S extends z.ZodType>(
  res: Response,
  status: number,
  schema: S,
): Promise<z.output<S>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body: unknown = JSON.parse(text);
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? [], text).toEqual([]);
  expect(parsed.data).toEqual(body);
  return parsed.data as z.output<S>;
}

describe('what the server answers is what @meshplan/api (and so the OpenAPI document) says', () => {
  it('templates, models, revisions, findings and lint', async () => {
    await expectShape(await api('/templates'), 200, shapes.templateList);
    const { id, token } = await expectShape(
      await api('/models', { method: 'POST', json: { template: 'ecommerce' }, author: 'Ada' }),
      201,
      shapes.created,
    );
    await expectShape(await api(`/models/${id}`, { token }), 200, shapes.created.shape.model);
    await expectShape(
      await api(`/models/${id}`, {
        method: 'PUT',
        token,
        json: { ...minimalModel, name: 'Next' },
        headers: { 'if-match': '"r1"' },
      }),
      200,
      shapes.saved,
    );
    await expectShape(
      await api(`/models/${id}/revisions/1/restore`, { method: 'POST', token }),
      200,
      shapes.saved,
    );
    await expectShape(await api(`/models/${id}/revisions`, { token }), 200, shapes.revisionList);
    await expectShape(await api(`/models/${id}/revisions/1`, { token }), 200, shapes.revision);
    await expectShape(await api(`/models/${id}/findings`, { token }), 200, shapes.modelFindings);
    // A service in no context: its finding offers a fix, so the shape of a fix is checked too.
    const ungrouped = { ...minimalModel, nodes: [{ kind: 'service', id: 'orders', name: 'Orders' }] };
    const { findings } = await expectShape(
      await api('/lint', { method: 'POST', json: ungrouped }),
      200,
      shapes.lintResult,
    );
    expect(findings.some((finding) => finding.fix !== undefined)).toBe(true);
    await expectShape(await api(`/models/${id}/access`, { token }), 200, shapes.access);
    await expectShape(await api(`/models/${id}/review-status`, { token }), 200, shapes.modelReviewStatus);
  });

  it('share links, comments and reviews', async () => {
    const { id, token } = await expectShape(
      await api('/models', { method: 'POST', json: minimalModel }),
      201,
      shapes.created,
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await expectShape(
      await api(`/models/${id}/links`, {
        method: 'POST',
        token,
        json: { role: 'comment', expiresAt: future },
      }),
      201,
      shapes.createdLink,
    );
    await expectShape(await api(`/models/${id}/links`, { token }), 200, shapes.linkList);
    const thread = await expectShape(
      await api(`/models/${id}/comments`, {
        method: 'POST',
        token,
        json: { anchor: { point: { x: 1, y: 2 } }, text: 'Why?' },
      }),
      201,
      shapes.thread,
    );
    await expectShape(
      await api(`/models/${id}/comments/${thread.id}/replies`, {
        method: 'POST',
        token,
        json: { text: 'Because' },
      }),
      201,
      shapes.thread,
    );
    await expectShape(
      await api(`/models/${id}/comments/${thread.id}`, { method: 'PATCH', token, json: { resolved: true } }),
      200,
      shapes.thread,
    );
    await expectShape(await api(`/models/${id}/comments`, { token }), 200, shapes.threadList);
    await expectShape(
      await api(`/models/${id}/revisions/1/review`, { method: 'PUT', token, json: { status: 'approved' } }),
      200,
      shapes.revisionReviews,
    );
  });

  it('imports and problems', async () => {
    await expectShape(
      await api('/import', {
        method: 'POST',
        json: { files: [{ path: 'compose.yml', text: 'services:\n  web:\n    image: nginx:1.27\n' }] },
      }),
      201,
      shapes.imported,
    );
    await expectShape(await api('/import', { method: 'POST', json: { files: [] } }), 400, shapes.problem);
    await expectShape(await api('/models/nope', { token: 'nope' }), 404, shapes.problem);
  });
});
