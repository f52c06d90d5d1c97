import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { commentRoutes } from './routes/comments.js';
import { importRoutes } from './routes/import.js';
import { linkRoutes } from './routes/links.js';
import { modelRoutes } from './routes/models.js';
import { reviewRoutes } from './routes/reviews.js';
import type { ModelStore } from './store.js';
import type { Validator } from './validation.js';

/** `/models/:id` → `/models/{id}`. */
const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function routesOf(router: Router): string[] {
  const routes: string[] = [];
  for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (layer.route === undefined) continue;
    for (const method of Object.keys(layer.route.methods))
      routes.push(`${method.toUpperCase()} ${toOpenApi(layer.route.path)}`);
  }
  return routes;
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => key !== 'parameters')
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

  it('documents every API route that exists, and no route that does not', () => {
    const existing = [
      ...routesOf(modelRoutes({} as ModelStore, {} as Validator)),
      ...routesOf(importRoutes({} as ModelStore, {} as Validator, 1024)),
      ...routesOf(linkRoutes({} as ModelStore)),
      ...routesOf(commentRoutes({} as ModelStore)),
      ...routesOf(reviewRoutes({} as ModelStore)),
    ];
    const extra = ['GET /openapi.json', 'GET /schema/model.json']; // registered in app.ts
    expect([...existing, ...extra].sort()).toEqual([...documented].sort());
  });

  it('is OpenAPI 3.1 with unique operation ids and only local refs', () => {
    expect(doc).toMatchObject({ openapi: '3.1.0' });
    const ids = Object.values(doc.paths).flatMap((item) =>
      Object.values(item)
        .map((op) => (op as { operationId?: string }).operationId)
        .filter(Boolean),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(ref).toMatch(/"\$ref":"#\//);
  });
});
