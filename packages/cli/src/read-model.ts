import { readFile } from 'node:fs/promises';
import { formatError, type Model, parseModel } from '@meshplan/model';
import { checkSettings } from '@meshplan/rules';
import { UsageError } from './io.js';

export interface LoadedModel {
  model: Model;
  /** The file's text, to locate elements in it (SARIF regions). */
  text: string;
}

/** Reads and validates a model file; every problem becomes a UsageError naming file and path. */
export async function readModelFile(file: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
  const result = parseModel(text);
  const errors = result.ok ? checkSettings(result.model.settings?.rules) : result.errors;
  if (!result.ok || errors.length > 0) {
    throw new UsageError(
      `${file} is not a valid Meshplan model (${errors.length} ${errors.length === 1 ? 'error' : 'errors'}):`,
      errors.map((error) => `${file}: ${formatError(error)}`),
    );
  }
  return { model: result.model, text };
}
