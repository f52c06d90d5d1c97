import { formatError, parseModel } from '@meshplan/model';
import { ImportError } from './errors.js';
import { Reporter } from './report.js';
import type { ImportFile, ImportResult } from './types.js';

/**
 * A Meshplan JSON document, as is once it passes the schema. `meshplan/v1` is the only format
 * so far, so there is nothing to migrate; a later version's migration belongs in packages/model.
 */
export function importMeshplan(files: readonly ImportFile[]): ImportResult {
  const file = files[0];
  if (file === undefined) throw new ImportError('no files to import', { path: '(input)' });
  const reporter = new Reporter();
  for (const extra of files.slice(1)) {
    reporter.unmapped('only one Meshplan model is imported at a time; this file is not read', {
      path: extra.path,
    });
  }
  const result = parseModel(file.text);
  if (!result.ok) {
    const errors = result.errors.map(formatError);
    const shown = errors.slice(0, 10).join('; ');
    const more = errors.length > 10 ? ` (and ${errors.length - 10} more)` : '';
    throw new ImportError(`not a valid Meshplan model: ${shown}${more}`, { path: file.path });
  }
  return { model: result.model, report: reporter.report };
}
