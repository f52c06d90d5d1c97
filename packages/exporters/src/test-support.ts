import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Model, parseModelOrThrow, syntheticModel } from '@meshplan/model';
import { BaseResolver } from '@redocly/openapi-core';
import { JSDOM } from 'jsdom';
import { parseAllDocuments } from 'yaml';
import { exportModel, type TargetId } from './index.js';

export interface Fixture {
  name: string;
  /** The model, or undefined when its file is absent (tests then skip and say why). */
  model: Model | undefined;
  path: string;
}

// Paths from this file's own location; plain strings, because under jsdom `URL` is jsdom's.
const here = dirname(fileURLToPath(import.meta.url));

function load(name: string, relative: string): Fixture {
  const path = resolve(here, relative);
  return {
    name,
    path,
    model: existsSync(path) ? parseModelOrThrow(readFileSync(path, 'utf8')) : undefined,
  };
}

/** The templates of the server, the shared example, and a synthetic model of 30 services. */
export function fixtures(): Fixture[] {
  return [
    load('ecommerce template', '../../../apps/server/templates/ecommerce.json'),
    load('healthcare template', '../../../apps/server/templates/healthcare.json'),
    load('shared ecommerce example', '../../../../shared/examples/ecommerce.json'),
    { name: 'synthetic 30 services', path: '(generated)', model: syntheticModel({ services: 30, seed: 7 }) },
  ];
}

export function ecommerceTemplate(): Model {
  const model = fixtures()[0]?.model;
  if (model === undefined) throw new Error('apps/server/templates/ecommerce.json is missing');
  return model;
}

/** Names that try to leave the root, break YAML, inject keys or lines, or are just long. */
export const HOSTILE_NAMES = [
  '../../etc/passwd',
  'Robert"); DROP TABLE--',
  "it's: a\nnew: key",
  'line one\nline two\r\n  injected: true',
  '# comment',
  'key: value',
  '<script>alert(1)</script>',
  'Ordre à café — 注文',
  '注文',
  `${'x'.repeat(300)}`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Structurizr constant reference is the point
  'back\\slash %date() $tags ${constant}',
  'end',
  'subgraph',
  '`md` **bold** [link](http://x) | pipe',
  '--> -.-> ]]> ;} { "',
];

/** A model in which every name, summary and message is hostile text, with every kind of node and edge. */
export function hostileModel(): Model {
  const nodes: Record<string, unknown>[] = [];
  const edges: Record<string, unknown>[] = [];
  const contexts = HOSTILE_NAMES.slice(0, 3).map((name, i) => ({
    id: `ctx-${i}`,
    name,
    team: name,
    description: name,
    responsibilities: [name],
  }));
  HOSTILE_NAMES.forEach((name, i) => {
    nodes.push({
      id: `svc-${i}`,
      kind: 'service',
      name,
      description: name,
      team: name,
      context: `ctx-${i % 3}`,
      responsibilities: [name],
      api: {
        style: 'rest',
        version: name,
        endpoints: [
          { method: 'GET', path: `/v1/${encodeURIComponent(name)}/{id}`, summary: name },
          {
            method: 'POST',
            path: '/v1/things',
            summary: name,
            request: { type: 'object', description: name },
          },
        ],
      },
      runtime: { image: 'example/app:1', port: 8080, replicas: 2, health: '/health', env: { NAME: name } },
    });
  });
  nodes.push(
    {
      id: 'topic',
      kind: 'topic',
      name: 'Topic: "quoted"\n- injected',
      broker: 'kafka',
      messages: HOSTILE_NAMES.map((name) => ({ name, payload: { type: 'object', title: name } })),
    },
    { id: 'db', kind: 'datastore', name: 'DB # not a comment', engine: 'postgres' },
    { id: 'gw', kind: 'gateway', name: 'Gateway\nkind: Secret', product: 'kong"' },
    { id: 'client', kind: 'client', name: 'Client ]] --> x' },
    { id: 'ext', kind: 'external', name: 'External {{ }}' },
  );
  HOSTILE_NAMES.forEach((name, i) => {
    const next = (i + 1) % HOSTILE_NAMES.length;
    edges.push(
      {
        id: `call-${i}`,
        kind: 'sync',
        from: `svc-${i}`,
        to: `svc-${next}`,
        protocol: 'rest',
        resilience: { timeoutMs: 1000, retries: 1, circuitBreaker: true },
      },
      { id: `pub-${i}`, kind: 'publish', from: `svc-${i}`, to: 'topic', messages: [name] },
      { id: `sub-${i}`, kind: 'subscribe', from: 'topic', to: `svc-${next}`, messages: [name] },
      { id: `data-${i}`, kind: 'data', from: `svc-${i}`, to: 'db', access: 'read' },
      { id: `route-${i}`, kind: 'route', from: 'gw', to: `svc-${i}`, paths: [`/${name}`] },
    );
  });
  edges.push(
    { id: 'client-gw', kind: 'route', from: 'client', to: 'gw' },
    { id: 'to-ext', kind: 'sync', from: 'svc-0', to: 'ext', protocol: 'rest' },
  );
  return parseModelOrThrow({
    format: 'meshplan/v1',
    id: 'hostile',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a substitution attempt is the point
    name: 'Hostile\n"model" ${x}',
    description: HOSTILE_NAMES.join('\n'),
    contexts,
    nodes,
    edges,
    sagas: [
      {
        id: 'saga',
        name: HOSTILE_NAMES[1],
        style: 'orchestrated',
        orchestrator: 'svc-0',
        steps: HOSTILE_NAMES.map((name, i) => ({ service: `svc-${i}`, action: name, compensation: name })),
      },
    ],
  });
}

/** The exported files of one target whose path matches, as text. */
export async function exportedTexts(
  model: Model,
  target: TargetId,
  pattern = /./,
): Promise<{ path: string; text: string }[]> {
  const decoder = new TextDecoder();
  return (await exportModel(model, { targets: [target] })).files
    .filter((file) => pattern.test(file.path))
    .map((file) => ({
      path: file.path,
      text: typeof file.content === 'string' ? file.content : decoder.decode(file.content),
    }));
}

/** Every YAML document of a target's files, as plain objects. */
export async function exportedYaml(
  model: Model,
  target: TargetId,
): Promise<{ path: string; value: unknown }[]> {
  return (await exportedTexts(model, target, /\.ya?ml$/)).flatMap(({ path, text }) =>
    parseAllDocuments(text).map((document) => {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]?.message}`);
      return { path, value: document.toJS() as unknown };
    }),
  );
}

/** The fixtures plus the hostile model, each with a name for `describe.each`. */
export function allModels(): Fixture[] {
  return [...fixtures(), { name: 'hostile names', path: '(generated)', model: hostileModel() }];
}

/** A Redocly resolver that refuses every reference outside the document: exports are self-contained. */
export class OfflineResolver extends BaseResolver {
  override async loadExternalRef(absoluteRef: string): Promise<never> {
    throw new Error(`refusing to load ${absoluteRef}`);
  }
}

const xmlWindow = new JSDOM('').window;

/**
 * An XML document parsed by jsdom's strict XML parser (the one browsers' `DOMParser` stands for
 * with an XML type): throws on anything not well-formed, as a non-browser SVG tool would refuse it.
 */
export function parseXml(text: string): Document {
  const document = new xmlWindow.DOMParser().parseFromString(text, 'image/svg+xml');
  const error = document.getElementsByTagName('parsererror')[0];
  if (error !== undefined) throw new Error(`not well-formed XML: ${error.textContent}`);
  return document;
}
