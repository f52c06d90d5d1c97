import {
  COMPONENT_SCHEMAS,
  componentName,
  IMPORT_FORMATS,
  LIMITS,
  LINK_ROLES,
  REVIEW_STATUSES,
  ROLES,
  TEMPLATE_IDS,
} from '@meshplan/api';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { openApiDocument } from './openapi.js';
import { commentRoutes } from './routes/comments.js';
import { driftRoutes } from './routes/drift.js';
import { importRoutes } from './routes/import.js';
import { linkRoutes } from './routes/links.js';
import { modelRoutes } from './routes/models.js';
import { reviewRoutes } from './routes/reviews.js';
import type { ModelStore } from './store.js';
import type { Validator } from './validation.js';

/** `/models/:id` → `/models/{id}`. */
const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

interface RouteLayer {
  route?: {
    path: string;
    methods: Record<string, boolean>;
    stack: { handle: { bodySchema?: z.ZodType } }[];
  };
}

/** `POST /models/{id}/links` → the body schema its handler parses with (`withBody`), or null. */
function routesOf(router: Router): Map<string, z.ZodType | null> {
  const routes = new Map<string, z.ZodType | null>();
  for (const layer of router.stack as RouteLayer[]) {
    if (layer.route === undefined) continue;
    const schema = layer.route.stack.find((step) => step.handle.bodySchema !== undefined)?.handle.bodySchema;
    for (const method of Object.keys(layer.route.methods))
      routes.set(`${method.toUpperCase()} ${toOpenApi(layer.route.path)}`, schema ?? null);
  }
  return routes;
}

interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  const operations = new Map(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([key]) => key !== 'parameters')
        .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
    ),
  );
  const existing = new Map([
    ...routesOf(modelRoutes({} as ModelStore, {} as Validator)),
    ...routesOf(importRoutes({} as ModelStore, {} as Validator, 1024)),
    ...routesOf(driftRoutes({} as ModelStore, {} as Validator, 1024)),
    ...routesOf(linkRoutes({} as ModelStore)),
    ...routesOf(commentRoutes({} as ModelStore)),
    ...routesOf(reviewRoutes({} as ModelStore)),
    // Registered in app.ts.
    ['GET /openapi.json', null],
    ['GET /schema/model.json', null],
  ]);

  it('documents every API route that exists, and no route that does not', () => {
    expect([...existing.keys()].sort()).toEqual([...operations.keys()].sort());
  });

  it("documents each route's JSON body as the very schema the route parses it with, and no other body", () => {
    const documented = new Map<string, z.ZodType | null>();
    for (const [route, op] of operations) {
      const ref = op.requestBody?.content['application/json']?.schema.$ref;
      const name = ref?.replace('#/components/schemas/', '') as keyof typeof COMPONENT_SCHEMAS | undefined;
      documented.set(route, name === undefined ? null : (COMPONENT_SCHEMAS[name] ?? null));
      // Every documented body is a named component, so it is generated from a zod schema.
      if (op.requestBody !== undefined) expect(name, route).toBeDefined();
    }
    const used = new Map(existing);
    const names = (routes: Map<string, z.ZodType | null>) =>
      Object.fromEntries([...routes].map(([route, schema]) => [route, schema && componentName(schema)]));
    expect(names(documented)).toEqual(names(used));
    for (const [route, schema] of used) expect(documented.get(route), route).toBe(schema);
  });

  it('takes its schemas, roles, formats and limits from @meshplan/api', () => {
    const { schemas } = doc.components;
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(COMPONENT_SCHEMAS).sort());
    expect(schemas.Role).toMatchObject({ enum: [...ROLES] });
    expect(schemas.ImportFormat).toMatchObject({ enum: [...IMPORT_FORMATS] });
    expect(schemas.CreateLinkRequest).toMatchObject({ properties: { role: { enum: [...LINK_ROLES] } } });
    expect(schemas.TemplateRequest).toMatchObject({ properties: { template: { enum: [...TEMPLATE_IDS] } } });
    expect(schemas.ReviewRequest).toMatchObject({ properties: { status: { enum: [...REVIEW_STATUSES] } } });
    expect(schemas.ReplyRequest).toMatchObject({
      properties: { text: { minLength: 1, maxLength: LIMITS.commentText } },
    });
    // The model's schema is the one served at /schema/model.json.
    expect(schemas.Model).toMatchObject({ properties: { format: { const: 'meshplan/v1' } } });
  });

  it('is OpenAPI 3.1 with unique operation ids and only local refs', () => {
    expect(doc).toMatchObject({ openapi: '3.1.0' });
    const ids = [...operations.values()].map((op) => op.operationId).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(ref).toMatch(/"\$ref":"#\//);
  });

  it("passes Redocly's spec ruleset with no problem, and recommended with no error and only the open reads' warning", async () => {
    const problems = async (ruleset: 'spec' | 'recommended') =>
      (
        await lintFromString({
          source: JSON.stringify(doc),
          absoluteRef: '/api/v1/openapi.json',
          config: await createConfig({ extends: [ruleset] }),
        })
      ).map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(await problems('spec')).toEqual([]);
    // The one warning left: three open reads (templates, the two schemas) cannot fail with a 4xx.
    const recommended = await problems('recommended');
    expect(recommended.filter((p) => !p.startsWith('warn operation-4xx-response'))).toEqual([]);
    expect(recommended).toHaveLength(3);
  });
});
