import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Model, parseModelOrThrow, syntheticModel } from '@meshplan/model';

export interface Fixture {
  name: string;
  /** The model, or undefined when its file is absent (tests then skip and say why). */
  model: Model | undefined;
  path: string;
}

function load(name: string, url: URL): Fixture {
  const path = fileURLToPath(url);
  return {
    name,
    path,
    model: existsSync(path) ? parseModelOrThrow(readFileSync(path, 'utf8')) : undefined,
  };
}

/** The templates of the server, the shared example, and a synthetic model of 30 services. */
export function fixtures(): Fixture[] {
  return [
    load('ecommerce template', new URL('../../../apps/server/templates/ecommerce.json', import.meta.url)),
    load('healthcare template', new URL('../../../apps/server/templates/healthcare.json', import.meta.url)),
    load('shared ecommerce example', new URL('../../../../shared/examples/ecommerce.json', import.meta.url)),
    { name: 'synthetic 30 services', path: '(generated)', model: syntheticModel({ services: 30, seed: 7 }) },
  ];
}

export function ecommerceTemplate(): Model {
  const model = fixtures()[0]?.model;
  if (model === undefined) throw new Error('apps/server/templates/ecommerce.json is missing');
  return model;
}
