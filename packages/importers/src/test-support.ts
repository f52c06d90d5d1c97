import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Edge, Model } from '@meshplan/model';
import type { ImportFile } from './types.js';

/** `../shared/fixtures` beside the repository: real systems' files, read in place, never copied. */
export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));
export const HAVE_FIXTURES = existsSync(FIXTURES);
export const NO_FIXTURES = `../shared/fixtures not found: ${FIXTURES} (tests against real systems skipped)`;

/** A fixture file, or every YAML/JSON file of a fixture folder, as `{ path, text }`. */
export function fixture(path: string): ImportFile[] {
  const full = join(FIXTURES, path);
  if (!statSync(full).isDirectory()) return [{ path, text: readFileSync(full, 'utf8') }];
  return readdirSync(full)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => ({
      path: relative(FIXTURES, join(full, name)),
      text: readFileSync(join(full, name), 'utf8'),
    }));
}

/** The nodes of a kind, by name, sorted: what a test pins. */
export function names(model: Model, kind: string): string[] {
  return model.nodes
    .filter((node) => node.kind === kind)
    .map((node) => node.name)
    .sort();
}

/** Edges as `from -kind-> to` by node name, sorted. */
export function edgeList(model: Model): string[] {
  const name = new Map(model.nodes.map((node) => [node.id, node.name]));
  return model.edges
    .map((edge: Edge) => `${name.get(edge.from)} -${edge.kind}-> ${name.get(edge.to)}`)
    .sort();
}

export function nodeNamed(model: Model, nodeName: string) {
  return model.nodes.find((node) => node.name === nodeName);
}
