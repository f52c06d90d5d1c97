import { modelJsonSchema } from '@meshplan/model';

const problem = { $ref: '#/components/responses/Problem' };
const auth = [{ ownerToken: [] }];
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The model id returned at creation',
};
const revisionParam = { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const modelBody = {
  required: true,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Model' } } },
};
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), problem]));

/** The OpenAPI 3.1 description of the HTTP API; a test checks it against the routes that exist. */
export function openApiDocument(): Record<string, unknown> {
  const { $schema: _, $id: __, ...modelSchema } = modelJsonSchema();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Meshplan API',
      version: '1.0.0',
      description:
        'Models in format meshplan/v1, stored with every revision, linted by the rule catalog. Every request on a model carries its owner token (Authorization: Bearer). Errors are RFC 9457 problem documents.',
    },
    servers: [{ url: '/api/v1' }],
    paths: {
      '/templates': {
        get: {
          operationId: 'listTemplates',
          summary: 'The starting models',
          responses: { 200: json({ type: 'object' }, 'Templates') },
        },
      },
      '/models': {
        post: {
          operationId: 'createModel',
          summary: 'Create a model from a body or a template',
          description:
            'Body: a model, or {"template": "blank"|"ecommerce"|"healthcare"}. The owner token is shown once.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/Model' },
                    {
                      type: 'object',
                      required: ['template'],
                      properties: { template: { enum: ['blank', 'ecommerce', 'healthcare'] } },
                    },
                  ],
                },
              },
            },
          },
          parameters: [{ $ref: '#/components/parameters/AuthorName' }],
          responses: {
            201: json({ $ref: '#/components/schemas/Created' }, 'Created'),
            ...errors(400, 413, 422, 429),
          },
        },
      },
      '/models/{id}': {
        parameters: [idParam],
        get: {
          operationId: 'getModel',
          summary: 'The current revision',
          security: auth,
          responses: {
            200: json({ $ref: '#/components/schemas/Model' }, 'The model, with ETag'),
            304: { description: 'Not modified (If-None-Match)' },
            ...errors(401, 404),
          },
        },
        put: {
          operationId: 'putModel',
          summary: 'Store a new revision',
          security: auth,
          parameters: [
            {
              name: 'If-Match',
              in: 'header',
              required: true,
              schema: { type: 'string' },
              description: 'The ETag of the revision this one replaces, or *',
            },
            { $ref: '#/components/parameters/AuthorName' },
          ],
          requestBody: modelBody,
          responses: {
            200: json({ $ref: '#/components/schemas/Saved' }, 'Saved, with the new ETag'),
            ...errors(400, 401, 404, 412, 413, 422, 428, 429),
          },
        },
        delete: {
          operationId: 'deleteModel',
          summary: 'Delete the model and its revisions',
          security: auth,
          responses: { 204: { description: 'Deleted' }, ...errors(401, 404, 429) },
        },
      },
      '/models/{id}/revisions': {
        parameters: [idParam],
        get: {
          operationId: 'listRevisions',
          summary: 'Every revision, newest first',
          security: auth,
          responses: { 200: json({ type: 'object' }, 'Revisions'), ...errors(401, 404) },
        },
      },
      '/models/{id}/revisions/{n}': {
        parameters: [idParam, revisionParam],
        get: {
          operationId: 'getRevision',
          summary: 'One revision',
          security: auth,
          responses: {
            200: json({ type: 'object' }, 'The revision and its model'),
            ...errors(400, 401, 404),
          },
        },
      },
      '/models/{id}/revisions/{n}/restore': {
        parameters: [idParam, revisionParam],
        post: {
          operationId: 'restoreRevision',
          summary: 'Make revision n current again, as a new revision',
          security: auth,
          responses: {
            200: json({ $ref: '#/components/schemas/Saved' }, 'Restored'),
            ...errors(400, 401, 404, 429),
          },
        },
      },
      '/models/{id}/findings': {
        parameters: [idParam],
        get: {
          operationId: 'getFindings',
          summary: 'Lint the current revision',
          security: auth,
          responses: {
            200: json({ $ref: '#/components/schemas/Findings' }, 'Findings'),
            ...errors(401, 404),
          },
        },
      },
      '/models/{id}/export.zip': {
        parameters: [idParam],
        get: {
          operationId: 'exportModel',
          summary: 'Every export target (or those asked for) of the current revision, as one zip',
          description:
            'Paths and contents as in exports.md: OpenAPI, AsyncAPI, Kubernetes, Istio, compose, diagrams, docs, lint. The file name comes from the model name; the same revision gives the same bytes. 422 when the model cannot be exported (two nodes with one DNS name).',
          security: auth,
          parameters: [
            {
              name: 'targets',
              in: 'query',
              required: false,
              schema: { type: 'string' },
              description:
                'Comma-separated: openapi, asyncapi, kubernetes, istio, compose, diagrams, docs, lint (default: all)',
            },
          ],
          responses: {
            200: {
              description: 'The zip (Content-Disposition names it)',
              content: {
                'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } },
              },
            },
            ...errors(400, 401, 404, 422),
          },
        },
      },
      '/lint': {
        post: {
          operationId: 'lintModel',
          summary: 'Lint any model, storing nothing',
          requestBody: modelBody,
          responses: {
            200: json({ $ref: '#/components/schemas/Findings' }, 'Findings'),
            ...errors(400, 413, 422, 429),
          },
        },
      },
      '/import': {
        post: {
          operationId: 'importModel',
          summary: 'Create a model from docker-compose, Kubernetes, OpenAPI, AsyncAPI or Meshplan documents',
          description:
            'Body: {"files": [{"path", "text"}], "from"?} as JSON, or one document as YAML or text (name it with ?filename=). The format is guessed from the content unless `from` says it. The model is stored like POST /models; the report lists every guess and everything not mapped, with its location.',
          parameters: [
            {
              name: 'from',
              in: 'query',
              required: false,
              schema: { enum: ['compose', 'k8s', 'openapi', 'asyncapi', 'meshplan'] },
            },
            { name: 'filename', in: 'query', required: false, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['files'],
                  properties: {
                    files: {
                      type: 'array',
                      minItems: 1,
                      items: {
                        type: 'object',
                        required: ['path', 'text'],
                        properties: { path: { type: 'string' }, text: { type: 'string' } },
                      },
                    },
                    from: { enum: ['compose', 'k8s', 'openapi', 'asyncapi', 'meshplan'] },
                  },
                },
              },
              'application/yaml': { schema: { type: 'string' } },
              'text/plain': { schema: { type: 'string' } },
            },
          },
          responses: {
            201: json(
              {
                allOf: [
                  { $ref: '#/components/schemas/Created' },
                  {
                    type: 'object',
                    properties: {
                      report: {
                        type: 'object',
                        properties: {
                          guesses: { type: 'array', items: { $ref: '#/components/schemas/ReportItem' } },
                          unmapped: { type: 'array', items: { $ref: '#/components/schemas/ReportItem' } },
                        },
                      },
                    },
                  },
                ],
              },
              'Created, with the import report',
            ),
            ...errors(400, 413, 415, 422, 429),
          },
        },
      },
      '/schema/model.json': {
        get: {
          operationId: 'getModelSchema',
          summary: 'The model format as JSON Schema',
          responses: { 200: json({ type: 'object' }, 'JSON Schema') },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: { 200: json({ type: 'object' }, 'OpenAPI 3.1') },
        },
      },
    },
    components: {
      securitySchemes: {
        ownerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The token returned when the model was created',
        },
      },
      parameters: {
        AuthorName: {
          name: 'X-Author-Name',
          in: 'header',
          required: false,
          schema: { type: 'string', maxLength: 100 },
          description: 'Who made the change (URI-encoded)',
        },
      },
      responses: {
        Problem: {
          description: 'An RFC 9457 problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      schemas: {
        Model: modelSchema,
        ReportItem: {
          type: 'object',
          required: ['message', 'source'],
          properties: {
            message: { type: 'string' },
            source: {
              type: 'object',
              required: ['path'],
              properties: {
                path: { type: 'string' },
                line: { type: 'integer' },
                column: { type: 'integer' },
                pointer: { type: 'string' },
              },
            },
          },
        },
        Created: {
          type: 'object',
          required: ['id', 'token', 'revision', 'model'],
          properties: {
            id: { type: 'string' },
            token: { type: 'string' },
            revision: { type: 'integer' },
            model: { $ref: '#/components/schemas/Model' },
          },
        },
        Saved: {
          type: 'object',
          required: ['id', 'revision'],
          properties: { id: { type: 'string' }, revision: { type: 'integer' } },
        },
        Findings: {
          type: 'object',
          required: ['findings'],
          properties: {
            findings: {
              type: 'array',
              items: {
                type: 'object',
                required: ['rule', 'severity', 'message', 'elements'],
                properties: {
                  rule: { type: 'string' },
                  severity: { enum: ['error', 'warning', 'info'] },
                  message: { type: 'string' },
                  elements: { type: 'array', items: { type: 'string' } },
                  fix: { type: 'object' },
                },
              },
            },
          },
        },
        Problem: {
          type: 'object',
          required: ['title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page of the API: every operation with its parameters and responses (no scripts). */
export function apiDocsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<
    string,
    Record<string, { summary?: string; description?: string; responses?: Record<string, unknown> }>
  >;
  const rows: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      rows.push(
        `<section><h2><code>${method.toUpperCase()} /api/v1${escapeHtml(path)}</code></h2><p>${escapeHtml(op.summary ?? '')}</p>` +
          (op.description ? `<p>${escapeHtml(op.description)}</p>` : '') +
          `<p>Responses: ${Object.keys(op.responses ?? {})
            .map(escapeHtml)
            .join(', ')}</p></section>`,
      );
    }
  }
  const info = doc.info as { title: string; description: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title><link rel="stylesheet" href="/api/docs.css"></head><body><main><h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.description)}</p><p><a href="/api/v1/openapi.json">openapi.json</a></p>${rows.join('')}</main></body></html>`;
}
