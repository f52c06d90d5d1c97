import { FAIL_ON, type FailOn } from '@meshplan/drift';
import { TARGET_IDS } from '@meshplan/exporters';
import { IMPORT_FORMATS, type ImportFormat } from '@meshplan/importers';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { addDiffCommand } from './commands/diff.js';
import { type DriftFormat, driftCommand } from './commands/drift.js';
import { exportCommand } from './commands/export.js';
import { addImpactCommand } from './commands/impact.js';
import { importCommand } from './commands/import.js';
import { type LintFormat, lintCommand } from './commands/lint.js';
import { schemaCommand } from './commands/schema.js';
import { EXIT, type Io, UsageError } from './io.js';

/** Runs `meshplan <argv>` and returns the exit code; all output goes through `io`. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('meshplan')
    .description('Lint, export, import and compare Meshplan architecture models.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run meshplan --help for usage)');

  program
    .command('lint')
    .description('Check a model against the rule catalog, as a CI step would.')
    .argument('<model.json>', 'the model file')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .option('--fix', 'apply every available fix and write the model back', false)
    .option(
      '--rule <id=level>',
      'set a rule: off, info, warning, error, or JSON options (repeatable)',
      collect,
      [],
    )
    .option('--max-warnings <n>', 'fail when there are more warnings than this', parseCount, -1)
    .action(
      async (
        file: string,
        options: { format: LintFormat; fix: boolean; rule: string[]; maxWarnings: number },
      ) => {
        exitCode = await lintCommand(file, options, io);
      },
    );

  addImpactCommand(program, io, (code) => (exitCode = code));
  program
    .command('export')
    .description('Write OpenAPI, AsyncAPI, Kubernetes, Istio, compose, diagrams, docs and lint files.')
    .argument('<model.json>', 'the model file')
    .requiredOption('-o, --out <dir|file.zip>', 'a folder to write into, or a .zip file')
    .option('-t, --targets <list>', `comma-separated, of ${TARGET_IDS.join(', ')} (default: all)`)
    .action(async (file: string, options: { out: string; targets?: string }) => {
      exitCode = await exportCommand(file, options, io);
    });

  program
    .command('import')
    .description(
      'Read docker-compose, Kubernetes, OpenAPI, AsyncAPI or Meshplan files, or a trace export (OTLP, Jaeger, Zipkin JSON), into a model.',
    )
    .argument(
      '<file|dir...>',
      'a file, or a folder of YAML and JSON files (Kubernetes manifests); several compose files merge in the order given, as with docker compose -f',
    )
    .addOption(
      new Option('--from <format>', 'the input format (guessed from the content when not given)').choices(
        IMPORT_FORMATS,
      ),
    )
    .option('-o, --out <model.json>', 'write the model here instead of to standard output')
    .action(async (paths: string[], options: { from?: ImportFormat; out?: string }) => {
      exitCode = await importCommand(paths, options, io);
    });

  program
    .command('drift')
    .description(
      'Compare a model with what runs: traces, compose files, manifests, API documents or another model.',
    )
    .argument('<model.json>', 'the model file (the design)')
    .requiredOption('--observed <file|dir>', 'what runs: a file, or a folder of YAML and JSON files')
    .addOption(
      new Option(
        '--from <format>',
        "the observation's format (guessed from the content when not given)",
      ).choices(IMPORT_FORMATS),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .addOption(
      new Option('--fail-on <kind>', 'exit 1 when there is drift of this kind (never without it)').choices(
        FAIL_ON,
      ),
    )
    .option('--map <names.json>', 'a JSON file { "observed name": "node id" } for names that do not match')
    .action(
      async (
        file: string,
        options: {
          observed: string;
          from?: ImportFormat;
          format: DriftFormat;
          failOn?: FailOn;
          map?: string;
        },
      ) => {
        exitCode = await driftCommand(file, options, io);
      },
    );

  addDiffCommand(program, io, (code) => (exitCode = code));

  program
    .command('schema')
    .description('Print the JSON Schema of the model format.')
    .action(() => {
      exitCode = schemaCommand(io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; a wrong command line with a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.stderr(`meshplan: ${error.message}\n`);
      for (const detail of error.details) io.stderr(`  ${detail}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of at least 0');
  return n;
}
