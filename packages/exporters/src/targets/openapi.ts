import type { Endpoint, ServiceNode } from '@meshplan/model';
import type { ExportContext } from '../context.js';
import { embeddableSchema } from '../schemas.js';
import type { ExportDocument } from '../types.js';

const DEFAULT_STATUS = { GET: 200, POST: 201, PUT: 200, PATCH: 200, DELETE: 204 } as const;

/** `openapi/<svc>.yaml`: OpenAPI 3.1 for every service with a REST API that has endpoints. */
export function openapi(ctx: ExportContext): ExportDocument[] {
  const files: ExportDocument[] = [];
  for (const service of ctx.index.services) {
    const api = service.api;
    if (api?.style !== 'rest' || (api.endpoints ?? []).length === 0) continue;
    files.push({
      path: `openapi/${ctx.name(service.id)}.yaml`,
      target: 'openapi',
      format: 'yaml',
      documents: [openapiDocument(ctx, service)],
    });
  }
  return files;
}

function openapiDocument(ctx: ExportContext, service: ServiceNode): Record<string, unknown> {
  const context = ctx.context(service.context);
  const tags = context === undefined ? [] : [context.name];
  const paths: Record<string, Record<string, unknown>> = {};
  // Paths that differ only in parameter names are one path to OpenAPI: the first spelling wins.
  const pathKeys = new Map<string, string>();
  const operationIds = new Set<string>();
  for (const endpoint of service.api?.endpoints ?? []) {
    const method = endpoint.method ?? 'POST';
    const literal = endpoint.path.startsWith('/') ? endpoint.path : `/${endpoint.path}`;
    const shape = literal.replace(/\{[^}]*\}/g, '{}');
    const key = pathKeys.get(shape) ?? literal;
    pathKeys.set(shape, key);
    const item = paths[key] ?? {};
    paths[key] = item;
    const verb = method.toLowerCase();
    if (item[verb] !== undefined) continue; // the same operation twice: the first one is kept
    item[verb] = operation(endpoint, method, key, tags, uniqueId(operationId(method, key), operationIds));
  }
  const info: Record<string, unknown> = { title: service.name, version: service.api?.version ?? '0.0.0' };
  if (service.description !== undefined) info.description = service.description;
  const team = service.team ?? context?.team;
  if (team !== undefined) info.contact = { name: team };
  const document: Record<string, unknown> = {
    openapi: '3.1.0',
    info,
    servers: [
      {
        url: `http://${ctx.host(ctx.name(service.id), 'kubernetes')}:${ctx.port(service)}`,
        description: 'In the cluster',
      },
    ],
  };
  if (context !== undefined) {
    const tag: Record<string, unknown> = { name: context.name };
    if (context.description !== undefined) tag.description = context.description;
    document.tags = [tag];
  }
  // The model says nothing about authentication: an explicit "none" rather than an invented scheme.
  document.security = [];
  document.paths = paths;
  return document;
}

function operation(
  endpoint: Endpoint,
  method: NonNullable<Endpoint['method']>,
  path: string,
  tags: string[],
  id: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = { operationId: id };
  if (endpoint.summary !== undefined) result.summary = endpoint.summary;
  if (tags.length > 0) result.tags = tags;
  const parameters = pathParameters(path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (parameters.length > 0) result.parameters = parameters;
  if (endpoint.request !== undefined) {
    result.requestBody = {
      required: true,
      content: { 'application/json': { schema: embeddableSchema(endpoint.request) } },
    };
  }
  const status = endpoint.status ?? DEFAULT_STATUS[method];
  const response: Record<string, unknown> = { description: endpoint.summary ?? 'Success' };
  if (endpoint.response !== undefined) {
    response.content = { 'application/json': { schema: embeddableSchema(endpoint.response) } };
  }
  result.responses = { [String(status)]: response };
  return result;
}

/** The distinct `{name}` parameters of a path template, in order. */
function pathParameters(path: string): string[] {
  return [...new Set([...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? ''))];
}

/** `GET /v1/orders/{orderId}` → `getV1OrdersOrderId`. */
function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return [method.toLowerCase(), ...words.map((word) => word[0]?.toUpperCase() + word.slice(1))].join('');
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
  taken.add(id);
  return id;
}
