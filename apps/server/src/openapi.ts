import {
  type ComponentName,
  componentSchemas,
  IMPORT_FORMATS,
  LIMITS,
  LINK_ROLES,
  quotedList,
  ROLES,
  TEMPLATE_IDS,
} from '@meshplan/api';
import { TARGET_IDS } from '@meshplan/exporters';
import { type Action, can } from './access.js';

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

/** The query parameters of a body of documents (POST /import, POST /models/:id/drift). */
const documentParameters = [
  { name: 'from', in: 'query', required: false, schema: ref('ImportFormat') },
  {
    name: 'filename',
    in: 'query',
    required: false,
    schema: { type: 'string' },
    description: `The name of the one document sent as YAML or text (cut to ${LIMITS.importPath} characters)`,
  },
];
const problem = { $ref: '#/components/responses/Problem' };
const auth = [{ ownerToken: [] }, { shareLink: [] }];
const ownerOnly = [{ ownerToken: [] }];
/** No credential: the operation is open to anyone who reaches the server. */
const open: never[] = [];
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The model id returned at creation',
};
const revisionParam = { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const threadParam = { name: 'threadId', in: 'path', required: true, schema: { type: 'string' } };
const commentParam = { name: 'commentId', in: 'path', required: true, schema: { type: 'string' } };
const authorName = { $ref: '#/components/parameters/AuthorName' };
const json = (name: ComponentName, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
/** A JSON request body: the component the route parses it with (the test compares them). */
const jsonBody = (name: ComponentName) => ({
  required: true,
  content: { 'application/json': { schema: ref(name) } },
});
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), problem]));

/** `comment, edit, owner`: the roles that may `action`, from access.ts. */
const rolesThat = (action: Action) => ROLES.filter((role) => can(role, action)).join(', ');

/** The OpenAPI 3.1 description of the HTTP API; a test checks it against the routes that exist. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Meshplan API',
      version: '1.0.0',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description: `Models in format meshplan/v1, stored with every revision, linted by the rule catalog. Every request on a model carries its owner token or a share link credential ml_<linkId>_<secret> (Authorization: Bearer); the role (${ROLES.join(', ')}) decides what it may do: view reads; comment also comments and reviews; edit also saves; the owner also shares and deletes. Errors are RFC 9457 problem documents.`,
    },
    servers: [{ url: '/api/v1' }],
    paths: {
      '/templates': {
        get: {
          operationId: 'listTemplates',
          security: open,
          summary: 'The starting models',
          responses: { 200: json('TemplateList', 'Templates') },
        },
      },
      '/models': {
        post: {
          operationId: 'createModel',
          security: open,
          summary: 'Create a model from a body or a template',
          description: `Body: a model, or {"template": ${TEMPLATE_IDS.map((id) => `"${id}"`).join('|')}} (an unknown template is a 422). The owner token is shown once.`,
          requestBody: jsonBody('CreateModelRequest'),
          parameters: [authorName],
          responses: {
            201: json('Created', 'Created'),
            ...errors(400, 413, 422, 429, 503, 504, 507),
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
            200: json('Model', 'The model, with ETag'),
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
            authorName,
          ],
          requestBody: jsonBody('Model'),
          responses: {
            200: json('Saved', 'Saved, with the new ETag'),
            ...errors(400, 401, 403, 404, 410, 412, 413, 422, 428, 429, 503, 504, 507),
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
          responses: { 200: json('RevisionList', 'Revisions'), ...errors(401, 404, 410) },
        },
      },
      '/models/{id}/revisions/{n}': {
        parameters: [idParam, revisionParam],
        get: {
          operationId: 'getRevision',
          summary: 'One revision',
          security: auth,
          responses: { 200: json('Revision', 'The revision and its model'), ...errors(400, 401, 404, 410) },
        },
      },
      '/models/{id}/revisions/{a}/diff/{b}': {
        parameters: [
          idParam,
          { ...revisionParam, name: 'a', description: 'The revision before the change' },
          { ...revisionParam, name: 'b', description: 'The revision after the change' },
          {
            name: 'all',
            in: 'query',
            required: false,
            schema: { type: 'boolean' },
            description: 'Also list changes that are not contract changes (severity info), as --all does',
          },
        ],
        get: {
          operationId: 'diffRevisions',
          summary: 'Contract changes from revision a to revision b',
          description: `Every change to an endpoint or a message judged breaking or not for the elements that depend on it, the consumers named, the transitive impact (diff.md's JSON, as meshplan diff --format json prints it). Roles: ${rolesThat('read')}.`,
          security: auth,
          responses: { 200: json('ContractDiff', 'The changes'), ...errors(400, 401, 404, 410) },
        },
      },
      '/models/{id}/revisions/{n}/restore': {
        parameters: [idParam, revisionParam],
        post: {
          operationId: 'restoreRevision',
          summary: 'Make revision n current again, as a new revision',
          security: auth,
          responses: { 200: json('Saved', 'Restored'), ...errors(400, 401, 403, 404, 410, 429) },
        },
      },
      '/models/{id}/findings': {
        parameters: [idParam],
        get: {
          operationId: 'getFindings',
          summary: 'Lint the current revision',
          security: auth,
          responses: {
            200: json('ModelFindings', 'Findings'),
            ...errors(401, 404, 410, 429, 503, 504),
          },
        },
      },
      '/models/{id}/drift': {
        parameters: [idParam],
        post: {
          operationId: 'driftModel',
          summary: 'Compare the current revision with what runs',
          security: auth,
          description: `Body: the observation as for POST /import ({"files": [{"path", "text"}], "from"?, "map"?} as JSON, or one document as YAML or text with ?filename= and ?from=): traces, compose files, manifests, API documents or a model. Nodes match by id, the DNS name of their name, the image's repository name, or \`map\` ({"observed name": "node id"}); edges by their ends and kind family. Answers drift.md's JSON: each node and edge in both, design-only or observed-only; observed-only edges that break the model's rules name them in \`breaks\`. Nothing is stored. Roles: ${rolesThat('read')}.`,
          parameters: documentParameters,
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: ref('DriftRequest') },
              'application/yaml': { schema: { type: 'string' } },
              'text/plain': { schema: { type: 'string' } },
            },
          },
          responses: {
            200: json('DriftResult', 'The comparison'),
            ...errors(400, 401, 404, 410, 413, 415, 422, 429, 503, 504),
          },
        },
      },
      '/models/{id}/export.zip': {
        parameters: [idParam],
        get: {
          operationId: 'exportModel',
          summary: 'Every export target (or those asked for) of the current revision, as one zip',
          description:
            'Paths and contents as in exports.md: OpenAPI, AsyncAPI, Kubernetes, Istio, compose, diagrams (SVG and PNG pictures among them), docs, lint. The file name comes from the model name; the same revision gives the same bytes. 422 when the model cannot be exported (two nodes with one DNS name).',
          security: auth,
          parameters: [
            {
              name: 'targets',
              in: 'query',
              required: false,
              schema: { type: 'string' },
              description: `Comma-separated: ${TARGET_IDS.join(', ')} (default: all)`,
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
          summary: `Review a revision (roles ${rolesThat('review')}); one review per credential (the owner token, each share link), a second replaces the first`,
          description:
            'A review of the newest revision reviews the model as the live room shows it: changes not yet in a revision are written as one first, and the review is recorded on that revision (the answer names it). An approval of a revision with breaking contract changes against the revision before (GET /models/{id}/revisions/{a}/diff/{b}) needs "acknowledgeBreaking": true, else 409; the review then records how many it acknowledged.',
          security: auth,
          parameters: [authorName],
          requestBody: jsonBody('ReviewRequest'),
          responses: {
            200: json('RevisionReviews', 'The reviews of that revision'),
            ...errors(400, 401, 403, 404, 409, 410, 429),
          },
        },
      },
      '/models/{id}/review-status': {
        parameters: [idParam],
        get: {
          operationId: 'getReviewStatus',
          summary:
            'The latest review verdict on the model, on whichever revision: "changes-requested" stands until a later approval',
          security: auth,
          responses: {
            200: json('ModelReviewStatus', 'The latest verdict (status null: never reviewed)'),
            ...errors(401, 404, 410),
          },
        },
      },
      '/models/{id}/access': {
        parameters: [idParam],
        get: {
          operationId: 'getAccess',
          summary: `The role of the credential sent (${[...ROLES].reverse().join(', ')}), the model's name, who shared it and until when`,
          security: auth,
          responses: {
            200: json('Access', "The role, the model's name, the owner's name and the link's expiry"),
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
          requestBody: jsonBody('CreateLinkRequest'),
          responses: {
            201: json('CreatedLink', 'Created'),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
        get: {
          operationId: 'listLinks',
          summary: 'The share links of the model, newest first, without secrets (owner only)',
          security: ownerOnly,
          responses: { 200: json('LinkList', 'Links'), ...errors(401, 403, 404, 410) },
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
          responses: { 200: json('ThreadList', 'Threads'), ...errors(401, 404, 410) },
        },
        post: {
          operationId: 'createComment',
          summary: `Start a thread anchored to an element or a point (roles ${rolesThat('comment')})`,
          security: auth,
          parameters: [authorName],
          requestBody: jsonBody('CreateThreadRequest'),
          responses: {
            201: json('Thread', 'The new thread'),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
      },
      '/models/{id}/comments/{threadId}': {
        parameters: [idParam, threadParam],
        patch: {
          operationId: 'resolveThread',
          summary:
            'Resolve a thread, or open it again: the owner, or the credential that started it (a link may not reopen what the owner resolved)',
          security: auth,
          requestBody: jsonBody('ResolveThreadRequest'),
          responses: {
            200: json('Thread', 'The thread'),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
        delete: {
          operationId: 'deleteThread',
          summary:
            'Delete a thread and its comments: the owner, or the credential that wrote every comment in it',
          security: auth,
          responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 410, 429) },
        },
      },
      '/models/{id}/comments/{threadId}/comments/{commentId}': {
        parameters: [idParam, threadParam, commentParam],
        patch: {
          operationId: 'editComment',
          summary: 'Change the text of a comment: only the credential that wrote it',
          security: auth,
          requestBody: jsonBody('EditCommentRequest'),
          responses: {
            200: json('Thread', 'The thread'),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
        delete: {
          operationId: 'deleteComment',
          summary:
            'Delete a comment (its thread too when it was the last): the owner, or the credential that wrote it',
          security: auth,
          responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 410, 429) },
        },
      },
      '/models/{id}/comments/{threadId}/replies': {
        parameters: [idParam, threadParam],
        post: {
          operationId: 'replyToThread',
          summary: `Reply to a thread (roles ${rolesThat('comment')})`,
          security: auth,
          parameters: [authorName],
          requestBody: jsonBody('ReplyRequest'),
          responses: {
            201: json('Thread', 'The thread'),
            ...errors(400, 401, 403, 404, 410, 429),
          },
        },
      },
      '/lint': {
        post: {
          operationId: 'lintModel',
          security: open,
          summary: 'Lint any model, storing nothing',
          requestBody: jsonBody('Model'),
          responses: { 200: json('LintResult', 'Findings'), ...errors(400, 413, 422, 429, 503, 504) },
        },
      },
      '/export.zip': {
        post: {
          operationId: 'exportAnyModel',
          security: open,
          summary: 'Every export target (or those asked for) of any model, storing nothing, as one zip',
          description:
            "As GET /models/{id}/export.zip, for the model in the body: the editor exports what it shows with it (the diagrams' PNGs are drawn on the server).",
          parameters: [
            {
              name: 'targets',
              in: 'query',
              required: false,
              schema: { type: 'string' },
              description: `Comma-separated: ${TARGET_IDS.join(', ')} (default: all)`,
            },
          ],
          requestBody: jsonBody('Model'),
          responses: {
            200: {
              description: 'The zip (Content-Disposition names it)',
              content: {
                'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } },
              },
            },
            ...errors(400, 413, 422, 429, 503, 504),
          },
        },
      },
      '/import': {
        post: {
          operationId: 'importModel',
          security: open,
          summary: 'Create a model from docker-compose, Kubernetes, OpenAPI, AsyncAPI or Meshplan documents',
          description: `Body: {"files": [{"path", "text"}], "from"?} as JSON, or one document as YAML or text (name it with ?filename=). The format (${IMPORT_FORMATS.join(', ')}) is guessed from the content unless \`from\` says it. The model is stored like POST /models; the report lists every guess and everything not mapped, with its location. A trace export (OTLP, Jaeger or Zipkin JSON) sent as the body itself with ?from=traces (or as application/x-ndjson) is read as a stream, up to 256 MB instead of the usual 5 MB.`,
          parameters: documentParameters,
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: ref('ImportRequest') },
              'application/yaml': { schema: { type: 'string' } },
              'text/plain': { schema: { type: 'string' } },
              'application/x-ndjson': { schema: { type: 'string' } },
            },
          },
          responses: {
            201: json('Imported', 'Created, with the import report'),
            ...errors(400, 413, 415, 422, 429, 503, 504, 507),
          },
        },
      },
      '/schema/model.json': {
        get: {
          operationId: 'getModelSchema',
          security: open,
          summary: 'The model format as JSON Schema',
          responses: {
            200: {
              description: 'JSON Schema',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          security: open,
          summary: 'This document',
          responses: {
            200: {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
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
          description: `A share link credential ml_<linkId>_<secret>: the role the owner gave the link (${quotedList(LINK_ROLES)})`,
        },
      },
      parameters: {
        AuthorName: {
          name: 'X-Author-Name',
          in: 'header',
          required: false,
          schema: { type: 'string', maxLength: LIMITS.authorName },
          description: `Who made the change (URI-encoded; cut to ${LIMITS.authorName} characters)`,
        },
      },
      responses: {
        Problem: {
          description: 'An RFC 9457 problem',
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
      },
      // From the zod schemas the routes parse bodies with (@meshplan/api).
      schemas: componentSchemas(),
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
