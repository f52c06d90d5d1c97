import { modelJsonSchema } from '@meshplan/model';

const problem = { $ref: '#/components/responses/Problem' };
const auth = [{ ownerToken: [] }, { shareLink: [] }];
const ownerOnly = [{ ownerToken: [] }];
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
const threadParam = { name: 'threadId', in: 'path', required: true, schema: { type: 'string' } };
const jsonBody = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
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
        'Models in format meshplan/v1, stored with every revision, linted by the rule catalog. Every request on a model carries its owner token or a share link credential ml_<linkId>_<secret> (Authorization: Bearer); the role decides what it may do: view reads; comment also comments and reviews; edit also saves; the owner also shares and deletes. Errors are RFC 9457 problem documents.',
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
            ...errors(400, 413, 422, 429, 503, 504),
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
            ...errors(401, 404, 410),
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
            ...errors(400, 401, 403, 404, 410, 412, 413, 422, 428, 429, 503, 504),
          },
        },
        delete: {
          operationId: 'deleteModel',
          summary: 'Delete the model, its revisions, links, comments and reviews (owner only)',
          security: ownerOnly,
          responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 410, 429) },
        },
      },
      '/models/{id}/revisions': {
        parameters: [idParam],
        get: {
          operationId: 'listRevisions',
          summary: 'Every revision, newest first, each with its reviews',
          security: auth,
          responses: {
            200: json(
              {
                type: 'object',
                required: ['revisions'],
                properties: {
                  revisions: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['number', 'createdAt', 'author', 'summary', 'reviews'],
                      properties: {
                        number: { type: 'integer' },
                        createdAt: { type: 'string', format: 'date-time' },
                        author: { type: ['string', 'null'] },
                        summary: { type: 'string' },
                        reviews: { type: 'array', items: { $ref: '#/components/schemas/Review' } },
                      },
                    },
                  },
                },
              },
              'Revisions',
            ),
            ...errors(401, 404, 410),
          },
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
            ...errors(400, 401, 404, 410),
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
            ...errors(400, 401, 403, 404, 410, 429),
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
            ...errors(401, 404, 410, 429, 503, 504),
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
            ...errors(400, 401, 404, 410, 422, 429, 503, 504),
          },
        },
      },
      '/models/{id}/revisions/{n}/review': {
        parameters: [idParam, revisionParam],
        put: {
          operationId: 'putReview',
          summary:
            'Review a revision (roles comment, edit, owner); one review per author, a second replaces the first',
          security: auth,
          parameters: [{ $ref: '#/components/parameters/AuthorName' }],
          requestBody: jsonBody({
            type: 'object',
            required: ['status'],
            properties: {
              status: { enum: ['approved', 'changes-requested'] },
              summary: { type: 'string', maxLength: 2000 },
            },
          }),
          responses: {
            200: json(
              {
                type: 'object',
                required: ['revision', 'reviews'],
                properties: {
                  revision: { type: 'integer' },
                  reviews: { type: 'array', items: { $ref: '#/components/schemas/Review' } },
                },
              },
              'The reviews of that revision',
            ),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
      },
      '/models/{id}/access': {
        parameters: [idParam],
        get: {
          operationId: 'getAccess',
          summary: 'The role of the credential sent: owner, edit, comment or view',
          security: auth,
          responses: {
            200: json(
              {
                type: 'object',
                required: ['role'],
                properties: { role: { $ref: '#/components/schemas/Role' } },
              },
              'The role',
            ),
            ...errors(401, 404, 410),
          },
        },
      },
      '/models/{id}/links': {
        parameters: [idParam],
        post: {
          operationId: 'createLink',
          summary: 'Make a share link (owner only); its credential is shown once',
          description:
            'The credential ml_<id>_<secret> is sent as Authorization: Bearer. Only a SHA-256 hash of the secret is stored. The editor carries it in the URL fragment #/s/<modelId>/<credential>.',
          security: ownerOnly,
          requestBody: jsonBody({
            type: 'object',
            required: ['role'],
            properties: {
              role: { enum: ['view', 'comment', 'edit'] },
              expiresAt: {
                type: 'string',
                format: 'date-time',
                description: 'In the future; none when absent',
              },
            },
          }),
          responses: {
            201: json(
              {
                allOf: [
                  { $ref: '#/components/schemas/ShareLink' },
                  {
                    type: 'object',
                    required: ['credential'],
                    properties: { credential: { type: 'string' } },
                  },
                ],
              },
              'Created',
            ),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
        get: {
          operationId: 'listLinks',
          summary: 'The share links of the model, newest first, without secrets (owner only)',
          security: ownerOnly,
          responses: {
            200: json(
              {
                type: 'object',
                required: ['links'],
                properties: { links: { type: 'array', items: { $ref: '#/components/schemas/ShareLink' } } },
              },
              'Links',
            ),
            ...errors(401, 403, 404, 410),
          },
        },
      },
      '/models/{id}/links/{linkId}': {
        parameters: [idParam, { name: 'linkId', in: 'path', required: true, schema: { type: 'string' } }],
        delete: {
          operationId: 'revokeLink',
          summary: 'Revoke a share link (owner only); its credential then gets 404',
          security: ownerOnly,
          responses: { 204: { description: 'Revoked' }, ...errors(401, 403, 404, 410, 429) },
        },
      },
      '/models/{id}/comments': {
        parameters: [idParam],
        get: {
          operationId: 'listComments',
          summary: 'Comment threads, oldest first, each with its comments oldest first',
          security: auth,
          responses: {
            200: json(
              {
                type: 'object',
                required: ['threads'],
                properties: { threads: { type: 'array', items: { $ref: '#/components/schemas/Thread' } } },
              },
              'Threads',
            ),
            ...errors(401, 404, 410),
          },
        },
        post: {
          operationId: 'createComment',
          summary: 'Start a thread anchored to an element or a point (roles comment, edit, owner)',
          security: auth,
          parameters: [{ $ref: '#/components/parameters/AuthorName' }],
          requestBody: jsonBody({
            type: 'object',
            required: ['anchor', 'text'],
            properties: {
              anchor: { $ref: '#/components/schemas/Anchor' },
              text: { $ref: '#/components/schemas/CommentText' },
            },
          }),
          responses: {
            201: json({ $ref: '#/components/schemas/Thread' }, 'The new thread'),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
      },
      '/models/{id}/comments/{threadId}': {
        parameters: [idParam, threadParam],
        patch: {
          operationId: 'resolveThread',
          summary: 'Resolve a thread, or open it again (roles comment, edit, owner)',
          security: auth,
          requestBody: jsonBody({
            type: 'object',
            required: ['resolved'],
            properties: { resolved: { type: 'boolean' } },
          }),
          responses: {
            200: json({ $ref: '#/components/schemas/Thread' }, 'The thread'),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
      },
      '/models/{id}/comments/{threadId}/replies': {
        parameters: [idParam, threadParam],
        post: {
          operationId: 'replyToThread',
          summary: 'Reply to a thread (roles comment, edit, owner)',
          security: auth,
          parameters: [{ $ref: '#/components/parameters/AuthorName' }],
          requestBody: jsonBody({
            type: 'object',
            required: ['text'],
            properties: { text: { $ref: '#/components/schemas/CommentText' } },
          }),
          responses: {
            201: json({ $ref: '#/components/schemas/Thread' }, 'The thread'),
            ...errors(400, 401, 403, 404, 410, 429),
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
            ...errors(400, 413, 422, 429, 503, 504),
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
            ...errors(400, 413, 415, 422, 429, 503, 504),
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
          description: 'The token returned when the model was created: every role',
        },
        shareLink: {
          type: 'http',
          scheme: 'bearer',
          description: 'A share link credential ml_<linkId>_<secret>: the role the owner gave the link',
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
        Role: { enum: ['owner', 'edit', 'comment', 'view'] },
        ShareLink: {
          type: 'object',
          required: ['id', 'role', 'createdAt', 'expiresAt'],
          properties: {
            id: { type: 'string' },
            role: { enum: ['view', 'comment', 'edit'] },
            createdAt: { type: 'string', format: 'date-time' },
            expiresAt: { type: ['string', 'null'], format: 'date-time' },
            revokedAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
        Anchor: {
          type: 'object',
          description: 'An element id, a point on the canvas, or both; {} for the model as a whole',
          properties: {
            element: { type: 'string', minLength: 1, maxLength: 200 },
            point: {
              type: 'object',
              required: ['x', 'y'],
              properties: { x: { type: 'number' }, y: { type: 'number' } },
            },
          },
        },
        CommentText: {
          type: 'string',
          minLength: 1,
          maxLength: 5000,
          description: 'Plain text, stored and returned as sent (no HTML processing)',
        },
        Thread: {
          type: 'object',
          required: ['id', 'anchor', 'resolved', 'createdAt', 'createdBy', 'comments'],
          properties: {
            id: { type: 'string' },
            anchor: { $ref: '#/components/schemas/Anchor' },
            resolved: { type: 'boolean' },
            createdAt: { type: 'string', format: 'date-time' },
            createdBy: { type: 'string' },
            comments: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'author', 'text', 'createdAt'],
                properties: {
                  id: { type: 'string' },
                  author: { type: 'string' },
                  text: { type: 'string' },
                  createdAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
        Review: {
          type: 'object',
          required: ['author', 'status', 'summary', 'createdAt'],
          properties: {
            author: { type: 'string' },
            status: { enum: ['approved', 'changes-requested'] },
            summary: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
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
