import { type Model, parseModel } from '@meshplan/model';
import { checkSettings } from '@meshplan/rules';
import { invalidModel } from './problems.js';

/** A request body as a valid model, or a 422 problem naming every error's path. */
export function requireModel(body: unknown): Model {
  const result = parseModel(body === undefined ? {} : body);
  if (!result.ok) throw invalidModel(result.errors);
  const settings = checkSettings(result.model.settings?.rules);
  if (settings.length > 0) throw invalidModel(settings);
  return result.model;
}
