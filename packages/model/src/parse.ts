import * as jsonc from 'jsonc-parser';
import type { z } from 'zod';
// Outside src: generated code that TypeScript only knows through its declaration.
import { validate as matchesSchema } from '../generated/validate-model.js';
import { describeEdgeEnds, edgeFits } from './edge-kinds.js';
import { formatPath } from './paths.js';
import { FORMAT, modelSchema } from './schema.js';
import type { Model, ModelError, Node } from './types.js';

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
  if (typeof input === 'string') {
    const json = parseJson(input);
    if (!json.ok) return json;
    value = json.value;
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

function checkReferences(model: Model): ModelError[] {
  const errors: ModelError[] = [];
  // Owners are kept as one number, collection * 2^26 + index, and named only for an error: no
  // string or tuple per element.
  const owners = new Map<string, number>();
  const contexts = model.contexts ?? [];
  const collections: [string, readonly { id: string }[]][] = [
    ['contexts', contexts],
    ['nodes', model.nodes],
    ['edges', model.edges],
    ['sagas', model.sagas ?? []],
  ];
  const SHIFT = 2 ** 26;
  collections.forEach(([collection, elements], c) => {
    for (let i = 0; i < elements.length; i++) {
      const id = (elements[i] as { id: string }).id;
      const previous = owners.get(id);
      if (previous === undefined) owners.set(id, c * SHIFT + i);
      else {
        const owner = `${collections[Math.floor(previous / SHIFT)]?.[0]}[${previous % SHIFT}]`;
        errors.push({ path: `${collection}[${i}].id`, message: `"${id}" is already the id of ${owner}` });
      }
    }
  });

  const contextIds = new Set(contexts.map((context) => context.id));
  model.nodes.forEach((node, i) => {
    if (node.context !== undefined && !contextIds.has(node.context)) {
      errors.push({ path: `nodes[${i}].context`, message: `no context "${node.context}"` });
    }
  });

  const nodes = new Map<string, Node>();
  for (const node of model.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  model.edges.forEach((edge, i) => {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
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
