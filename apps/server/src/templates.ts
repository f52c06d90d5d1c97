import { readFileSync } from 'node:fs';
import { TEMPLATE_IDS, type TemplateId } from '@meshplan/api';
import { type Model, parseModelOrThrow } from '@meshplan/model';

export { TEMPLATE_IDS, type TemplateId };

const cache = new Map<TemplateId, Model>();

/** A starting model: blank, or the e-commerce or healthcare platform of the product brief. */
export function template(id: TemplateId): Model {
  let model = cache.get(id);
  if (model === undefined) {
    model = parseModelOrThrow(readFileSync(new URL(`../templates/${id}.json`, import.meta.url), 'utf8'));
    cache.set(id, model);
  }
  return structuredClone(model);
}
