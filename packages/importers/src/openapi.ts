import { dnsName, type Endpoint, FORMAT, HTTP_METHODS, type Model, type ServiceNode } from '@meshplan/model';
import { ImportError } from './errors.js';
import { isRecord, readDocuments, scalarText } from './input.js';
import { RefInliner } from './refs.js';
import { Reporter } from './report.js';
import type { ImportFile, ImportResult } from './types.js';

const OTHER_METHODS = ['head', 'options', 'trace'];

/** An OpenAPI 3.0/3.1 document (YAML or JSON) → one service with its REST endpoints. */
export function importOpenApi(files: readonly ImportFile[]): ImportResult {
  const file = files[0];
  if (file === undefined) throw new ImportError('no files to import', { path: '(input)' });
  const reporter = new Reporter();
  for (const extra of files.slice(1)) {
    reporter.unmapped('only one OpenAPI document is imported at a time; this file is not read', {
      path: extra.path,
    });
  }
  const document = readDocuments(file)[0];
  if (document === undefined) throw new ImportError('the file is empty', { path: file.path });
  const root = document.value;
  if (!isRecord(root))
    throw new ImportError('not an OpenAPI document: expected a mapping', document.locate());
  if (root.swagger !== undefined) {
    throw new ImportError(
      `Swagger ${scalarText(root.swagger) ?? ''} is not supported: convert it to OpenAPI 3 first (for example with swagger2openapi)`,
      document.locate(['swagger']),
    );
  }
  const version = scalarText(root.openapi);
  if (version === undefined || !/^3\.[01]\./.test(`${version}.`)) {
    throw new ImportError(
      version === undefined
        ? 'not an OpenAPI document: no "openapi" field'
        : `OpenAPI ${version} is not supported; this importer reads 3.0 and 3.1`,
      document.locate(version === undefined ? [] : ['openapi']),
    );
  }
  const info = isRecord(root.info) ? root.info : {};
  const title = scalarText(info.title) ?? 'api';
  const refs = new RefInliner(root, reporter);
  const endpoints: Endpoint[] = [];
  const paths = isRecord(root.paths) ? root.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = refs.deref(rawItem);
    if (!isRecord(item)) continue;
    for (const [key, rawOperation] of Object.entries(item)) {
      const at = document.locate(['paths', path, key]);
      if (OTHER_METHODS.includes(key)) {
        reporter.unmapped(`${key.toUpperCase()} ${path}: the model has no ${key.toUpperCase()} method`, at);
        continue;
      }
      const method = key.toUpperCase() as Endpoint['method'];
      if (!HTTP_METHODS.includes(method as (typeof HTTP_METHODS)[number]) || !isRecord(rawOperation))
        continue;
      endpoints.push(readOperation(method, path, rawOperation, refs, at));
      if (rawOperation.callbacks !== undefined) {
        reporter.unmapped(
          `${method} ${path}: callbacks are not mapped`,
          document.locate(['paths', path, key, 'callbacks']),
        );
      }
    }
  }
  for (const key of ['servers', 'webhooks', 'security']) {
    if (root[key] !== undefined) reporter.unmapped(`"${key}" is not mapped`, document.locate([key]));
  }
  const description = scalarText(info.description);
  const apiVersion = scalarText(info.version);
  const service: ServiceNode = {
    id: dnsName(title),
    kind: 'service',
    name: title,
    ...(description === undefined ? {} : { description }),
    api: { style: 'rest', ...(apiVersion === undefined ? {} : { version: apiVersion }), endpoints },
  };
  const model: Model = { format: FORMAT, name: title, nodes: [service], edges: [] };
  return { model, report: reporter.report };
}

function readOperation(
  method: Endpoint['method'],
  path: string,
  operation: Record<string, unknown>,
  refs: RefInliner,
  at: Parameters<RefInliner['inline']>[1],
): Endpoint {
  const endpoint: Endpoint = { method, path };
  const summary = scalarText(operation.summary) ?? scalarText(operation.operationId);
  if (summary !== undefined) endpoint.summary = summary;
  const body = refs.deref(operation.requestBody);
  const request = isRecord(body) ? contentSchema(body.content, refs, at) : undefined;
  if (request !== undefined) endpoint.request = request;
  const responses = isRecord(operation.responses) ? operation.responses : {};
  const codes = Object.keys(responses);
  // The first success response is the one the model keeps; `default` only when no code is given.
  const chosen = codes.find((code) => /^2\d\d$/.test(code)) ?? codes.find((code) => /^2XX$/i.test(code));
  const status = chosen === undefined ? undefined : Number(chosen);
  if (status !== undefined && Number.isInteger(status)) endpoint.status = status;
  const response = refs.deref(responses[chosen ?? 'default']);
  const schema = isRecord(response) ? contentSchema(response.content, refs, at) : undefined;
  if (schema !== undefined) endpoint.response = schema;
  return endpoint;
}

/** The schema of JSON content, else of the first media type that has one. */
function contentSchema(
  content: unknown,
  refs: RefInliner,
  at: Parameters<RefInliner['inline']>[1],
): Record<string, unknown> | undefined {
  if (!isRecord(content)) return undefined;
  const types = Object.keys(content);
  const preferred = types.find((type) => /json/i.test(type)) ?? types[0];
  const media = preferred === undefined ? undefined : content[preferred];
  if (!isRecord(media) || media.schema === undefined) return undefined;
  const schema = refs.inline(media.schema, at);
  return isRecord(schema) ? schema : undefined;
}
