import { relative } from 'node:path';
import {
  DIFF_FAIL_ON,
  type DiffFailOn,
  diffContracts,
  diffMarkdown,
  diffSarif,
  diffText,
  meetsFailOn,
  namesOf,
} from '@meshplan/diff';
import { type Command, Option } from 'commander';
import { EXIT, type Io } from '../io.js';
import { readModelFile } from '../read-model.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffCommandOptions {
  format: DiffFormat;
  failOn?: DiffFailOn;
  all: boolean;
}

/**
 * `meshplan diff OLD NEW` (diff.md): every contract change judged breaking or not for its
 * consumers. Exit 1 when `--fail-on` is met (never without it), 2 for unreadable input or a bad
 * command line, as `lint` and `drift` do.
 */
export async function diffCommand(
  oldFile: string,
  newFile: string,
  options: DiffCommandOptions,
  io: Io,
): Promise<number> {
  const before = await readModelFile(oldFile);
  const after = await readModelFile(newFile);
  const diff = diffContracts(before.model, after.model, { all: options.all });
  const title = { before: oldFile, after: newFile };
  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify(diff, null, 2)}\n`);
      break;
    case 'markdown':
      io.stdout(diffMarkdown(diff, title, namesOf(before.model, after.model)));
      break;
    case 'sarif':
      io.stdout(
        `${JSON.stringify(diffSarif(diff, { artifactUri: toUri(newFile), text: after.text }), null, 2)}\n`,
      );
      break;
    case 'text':
      io.stdout(diffText(diff, title, namesOf(before.model, after.model)));
      break;
  }
  return options.failOn !== undefined && meetsFailOn(diff, options.failOn) ? EXIT.findings : EXIT.ok;
}

/** Adds `diff` to the program (one line in cli.ts, so that other commands merge beside it). */
export function addDiffCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('diff')
    .description('Compare two versions of a model: what each contract change breaks, and for whom.')
    .argument('<old.json>', 'the model before the change')
    .argument('<new.json>', 'the model after the change')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('text'))
    .addOption(
      new Option(
        '--fail-on <what>',
        'exit 1 when there is a breaking change, or any change (never without it)',
      ).choices(DIFF_FAIL_ON),
    )
    .option('--all', 'also list changes that are not contract changes (severity info)', false)
    .action(async (oldFile: string, newFile: string, options: DiffCommandOptions) => {
      setExitCode(await diffCommand(oldFile, newFile, options, io));
    });
}

/** A relative, forward-slash path: what SARIF consumers expect for a file in the repository. */
function toUri(file: string): string {
  const path = relative(process.cwd(), file) || file;
  return path.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
