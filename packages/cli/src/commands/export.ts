import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import {
  ExportError,
  exportModel,
  parseTargetList,
  TARGET_IDS,
  type TargetId,
  zipFiles,
} from '@meshplan/exporters';
import { pngsWithin } from '@meshplan/exporters/png';
import { count } from '@meshplan/model';
import { EXIT, type Io, UsageError } from '../io.js';
import { readModelFile } from '../read-model.js';

export interface ExportCommandOptions {
  /** A folder, or a file ending in `.zip`. */
  out: string;
  /** Comma-separated target ids; every target when not given. */
  targets?: string;
}

/**
 * `meshplan export`: the files of ../shared/spec/exports.md, into a folder (for a repository, so
 * that a team reviews their diff) or a zip. The same model gives the same bytes.
 */
export async function exportCommand(file: string, options: ExportCommandOptions, io: Io): Promise<number> {
  const targets = parseTargets(options.targets);
  const { model } = await readModelFile(file);
  let files: Awaited<ReturnType<typeof exportModel>>['files'];
  try {
    files = (
      await exportModel(model, { ...(targets === undefined ? {} : { targets }), rasterize: pngsWithin() })
    ).files;
  } catch (error) {
    if (error instanceof ExportError) throw new UsageError(`cannot export ${file}: ${error.message}`);
    throw error;
  }
  if (options.out.toLowerCase().endsWith('.zip')) {
    await mkdir(dirname(resolve(options.out)), { recursive: true });
    // Written beside and renamed: a failed export never leaves half a zip where the old one was.
    const partial = `${options.out}.partial`;
    await writeFile(partial, zipFiles(files));
    await rename(partial, options.out);
  } else {
    const root = resolve(options.out);
    for (const exported of files) {
      const target = resolve(root, exported.path);
      // The exporters only make safe relative paths; this is the last line of defence.
      if (!target.startsWith(root + sep))
        throw new UsageError(`refusing to write outside ${root}: ${exported.path}`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, exported.content);
    }
  }
  const byTarget = new Map<string, number>();
  for (const exported of files) byTarget.set(exported.target, (byTarget.get(exported.target) ?? 0) + 1);
  io.stderr(
    `Wrote ${count(files.length, 'file')} to ${options.out}: ${[...byTarget].map(([t, n]) => `${t} ${n}`).join(', ')}\n`,
  );
  return EXIT.ok;
}

function parseTargets(value: string | undefined): TargetId[] | undefined {
  if (value === undefined) return undefined;
  const parsed = parseTargetList(value);
  if (parsed.ok) return parsed.targets;
  throw new UsageError(
    `--targets: ${parsed.unknown.length > 0 ? `unknown ${parsed.unknown.map((id) => `"${id}"`).join(', ')}` : 'empty'}; expected some of ${TARGET_IDS.join(', ')}`,
  );
}
