import * as jsonc from 'jsonc-parser';
import type { z } from 'zod';
// Outside src: generated code that TypeScript only knows through its declaration.
import { validate as matchesSchema } from '../generated/validate-model.js';
import { checkTextDepth, checkValueBounds } from './bounds.js';
import { describeEdgeEnds, edgeFits } from './edge-kinds.js';
import { IdTable } from './id-table.js';
import { formatPath } from './paths.js';
import { FORMAT, modelSchema } from './schema.js';
import type { Model, ModelError, Node } from './types.js';

/**
 * Text that may hold a number too large for a double: an exponent of three digits, or a run of
 * 20 digits (19 digits and a two-digit exponent stay below 1e119). Only then are numbers walked.
 */
const MAY_OVERFLOW = /[\d.][eE]\+?\d{3}|\d{20}/;

export type ParseResult = { ok: true; model: Model } | { ok: false; errors: ModelError[] };

/**
 * Reads a model: JSON text or an already parsed value. Returns the model, or every error found,
 * each with the JSON path of its place and a sentence (`edges[3].to: no node "svc-x"`).
 * Structure is checked first; references (unique ids, edge ends, contexts, edge kinds against
 * node kinds) only once the structure holds, so that each message can name what it points at.
 *
 * A valid model is returned as given, not copied: the value passed in is the model.
 */
export function parseModel(input: unknown): ParseResult {
  let value = input;
  // Bounds first, without recursion: what nests too deeply or holds a number JSON cannot carry
  // goes no further, so nothing after (validators, clones, serialisers) can overflow the stack.
  if (typeof input === 'string') {
    const tooDeep = checkTextDepth(input);
    if (tooDeep !== undefined) return { ok: false, errors: [tooDeep] };
    const json = parseJson(input);
    if (!json.ok) return json;
    value = json.value;
    if (MAY_OVERFLOW.test(input)) {
      const errors = checkValueBounds(value);
      if (errors.length > 0) return { ok: false, errors };
    }
  } else {
    const errors = checkValueBounds(value);
    if (errors.length > 0) return { ok: false, errors };
  }
  const structured = checkStructure(value);
  if (!structured.ok) return structured;
  const errors = checkReferences(structured.model);
  return errors.length > 0 ? { ok: false, errors } : structured;
}

/**
 * The schema's verdict. The compiled validator (Ajv code generated from the same zod schema, see
 * scripts/generate-validator.mjs) reads the value in place; zod runs only when it refuses, to say
 * why in our words. zod's own parse copies every object, which at 10,000 services took longer
 * than everything else together.
 */
function checkStructure(value: unknown): ParseResult {
  if (matchesSchema(value)) return { ok: true, model: value as Model };
  const parsed = modelSchema.safeParse(value, { reportInput: true });
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.flatMap((issue) => describeIssue(issue, [])) };
  // Values JSON cannot hold (an `undefined` field, say) can pass zod yet not the JSON Schema.
  return { ok: true, model: parsed.data };
}

/**
 * The schema's errors alone, no reference checks: for a part of a model (some of its elements
 * with its top-level fields), as live editing checks each change before it is applied.
 */
export function structureErrors(value: unknown): ModelError[] {
  const structured = checkStructure(value);
  return structured.ok ? [] : structured.errors;
}

/** Like `parseModel`, but throws a `ModelValidationError` listing every error. */
export function parseModelOrThrow(input: unknown): Model {
  const result = parseModel(input);
  if (!result.ok) throw new ModelValidationError(result.errors);
  return result.model;
}

export class ModelValidationError extends Error {
  constructor(readonly errors: ModelError[]) {
    super(
      `invalid model:\n${errors.map((e) => `  ${e.path === '' ? '' : `${e.path}: `}${e.message}`).join('\n')}`,
    );
    this.name = 'ModelValidationError';
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; errors: ModelError[] } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: describeJsonError(text, error) }] };
  }
}

/** V8's messages do not always say where; jsonc-parser (strict mode) finds the offset. */
function describeJsonError(text: string, error: unknown): string {
  if (text.trim() === '') return 'not valid JSON: the document is empty';
  const found: jsonc.ParseError[] = [];
  jsonc.parse(text, found, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = found[0];
  if (first === undefined) return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const what = jsonc
    .printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `not valid JSON at line ${line}, column ${column}: ${what}`;
}

function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): ModelError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest: for `"bad"` in settings that is the level, for
    // `{ severity: 1 }` the object's field.
    const depth = (issues: z.core.$ZodIssue[]) => Math.max(...issues.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    return best.flatMap((inner) => describeIssue(inner, path));
  }
  return [{ path: formatPath(path), message: issueMessage(issue, path) }];
}

function issueMessage(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `is required (${article(issue.expected)})`;
      return `expected ${article(issue.expected)}, got ${describe(input)}`;
    case 'invalid_value':
      if (input === undefined)
        return `is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
      if (path.length === 1 && path[0] === 'format') {
        return `unsupported format ${describe(input)}; this version of Meshplan reads "${FORMAT}"`;
      }
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describe(input)}`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const got =
          typeof input === 'object' && input !== null
            ? (input as Record<string, unknown>)[issue.discriminator]
            : undefined;
        const what = got === undefined ? 'is required' : `${describe(got)} is not one`;
        return `${what}; expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
      }
      return issue.message;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
      return issue.message.startsWith('must')
        ? `${issue.message}, got ${describe(input)}`
        : lowerFirst(issue.message);
    default:
      return lowerFirst(issue.message);
  }
}

/**
 * The reference errors of a model whose structure holds (unique ids, edge ends, contexts, edge
 * kinds against node kinds): the editor checks them after a change that adds, removes or relinks.
 */
export function referenceErrors(model: Model): ModelError[] {
  return checkReferences(model);
}

function checkReferences(model: Model): ModelError[] {
  const errors: ModelError[] = [];
  const contexts = model.contexts ?? [];
  const sagas = model.sagas ?? [];
  const views = model.views ?? [];
  const collections: [string, readonly { id: string }[]][] = [
    ['contexts', contexts],
    ['nodes', model.nodes],
    ['edges', model.edges],
    ['sagas', sagas],
    ['views', views],
  ];
  const [CONTEXTS, NODES, EDGES, SAGAS, VIEWS] = [0, 1, 2, 3, 4];
  // Every id with its first owner, kept as one number (collection * 2^26 + index) and named only
  // for an error: no string or tuple per element. Each collection is read once, in order, and its
  // references checked in the same sweep (at 10,000 services a second sweep reads cold memory).
  const SHIFT = 2 ** 26;
  const owners = new IdTable(collections.reduce((sum, [, elements]) => sum + elements.length, 0));
  let duplicates = false;
  const own = (c: number, i: number, id: string) => {
    const previous = owners.add(id, c * SHIFT + i);
    if (previous === -1) return;
    duplicates = true;
    const owner = `${collections[Math.floor(previous / SHIFT)]?.[0]}[${previous % SHIFT}]`;
    errors.push({
      path: `${collections[c]?.[0]}[${i}].id`,
      message: `"${id}" is already the id of ${owner}`,
    });
  };
  const ownerIn = (collection: number, id: string) => {
    const owner = owners.get(id);
    return owner !== -1 && Math.floor(owner / SHIFT) === collection ? owner % SHIFT : -1;
  };

  contexts.forEach((context, i) => {
    own(CONTEXTS, i, context.id);
  });
  model.nodes.forEach((node, i) => {
    own(NODES, i, node.id);
    // Contexts are owned first, so a context's id always resolves to it.
    if (node.context !== undefined && ownerIn(CONTEXTS, node.context) === -1) {
      errors.push({ path: `nodes[${i}].context`, message: `no context "${node.context}"` });
    }
  });

  // Where ids repeat (already an error), a node may come after a context of its id: look nodes
  // up among the nodes then.
  let firstNodes: Map<string, Node> | undefined;
  const nodeNamed = (id: string): Node | undefined => {
    if (!duplicates) return model.nodes[ownerIn(NODES, id)];
    if (firstNodes === undefined) {
      firstNodes = new Map();
      for (const node of model.nodes) if (!firstNodes.has(node.id)) firstNodes.set(node.id, node);
    }
    return firstNodes.get(id);
  };
  model.edges.forEach((edge, i) => {
    own(EDGES, i, edge.id);
    const from = nodeNamed(edge.from);
    const to = nodeNamed(edge.to);
    if (from === undefined) errors.push({ path: `edges[${i}].from`, message: `no node "${edge.from}"` });
    if (to === undefined) errors.push({ path: `edges[${i}].to`, message: `no node "${edge.to}"` });
    if (from === undefined || to === undefined || edgeFits(edge.kind, from.kind, to.kind)) return;
    errors.push({
      path: `edges[${i}].kind`,
      message:
        `a ${edge.kind} edge cannot go from ${from.kind} "${from.name}" to ${to.kind} "${to.name}"; ` +
        `${edge.kind} edges go ${describeEdgeEnds(edge.kind)}`,
    });
  });
  // Saga references (steps, orchestrator) are the `saga-unknown-service` rule's: a saga may be
  // drafted before its services are drawn, and the catalog makes that a finding, not a parse error.
  sagas.forEach((saga, i) => {
    own(SAGAS, i, saga.id);
  });
  // A view shows contexts and nodes: each listed once, and positions only for what it lists.
  views.forEach((view, i) => {
    own(VIEWS, i, view.id);
    const listed = new Set<string>();
    view.elements.forEach((id, k) => {
      const path = `views[${i}].elements[${k}]`;
      if (listed.has(id)) errors.push({ path, message: `"${id}" is listed twice` });
      else if (ownerIn(CONTEXTS, id) === -1 && nodeNamed(id) === undefined)
        errors.push({ path, message: `no context or node "${id}"` });
      listed.add(id);
    });
    for (const id of Object.keys(view.positions ?? {}))
      if (!listed.has(id))
        errors.push({
          path: formatPath(['views', i, 'positions', id]),
          message: `"${id}" is not one of the view's elements`,
        });
  });
  return errors;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
