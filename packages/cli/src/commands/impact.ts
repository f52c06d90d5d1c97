import { elementName, type Model, ModelIndex } from '@meshplan/model';
import { blastRadius, blastRadiusText, latencyBudget, latencyText, UnknownNodeError } from '@meshplan/rules';
import { type Command, Option } from 'commander';
import { EXIT, type Io, UsageError } from '../io.js';
import { readModelFile } from '../read-model.js';

export type ImpactFormat = 'text' | 'json';

export interface ImpactCommandOptions {
  fail?: string;
  latency: boolean;
  format: ImpactFormat;
}

/** `meshplan impact`: wired into the command table by one call, so that cli.ts stays easy to merge. */
export function addImpactCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('impact')
    .description(
      'What a failure takes down (--fail NODE), or the latency budget of every sync chain (--latency).',
    )
    .argument('<model.json>', 'the model file')
    .option('--fail <node>', 'the id of the node assumed down')
    .option(
      '--latency',
      'budgets, worst downstream times, timeout inversions and retry amplifications',
      false,
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, options: ImpactCommandOptions) => {
      done(await impactCommand(file, options, io));
    });
}

export async function impactCommand(file: string, options: ImpactCommandOptions, io: Io): Promise<number> {
  if ((options.fail === undefined) === !options.latency)
    throw new UsageError('give either --fail <node> or --latency');
  const { model } = await readModelFile(file);
  const index = new ModelIndex(model);
  if (options.fail !== undefined) {
    let result: ReturnType<typeof blastRadius>;
    try {
      result = blastRadius(model, options.fail, index);
    } catch (error) {
      if (error instanceof UnknownNodeError)
        throw new UsageError(`${file}: ${error.message}`, nearIds(model, options.fail));
      throw error;
    }
    io.stdout(
      options.format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : `${blastRadiusText(model, result, index).join('\n')}\n`,
    );
    return EXIT.ok;
  }
  const result = latencyBudget(model, { index, maxAttempts: maxAttemptsOf(model) });
  io.stdout(
    options.format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : `${latencyText(model, result, index).join('\n')}\n`,
  );
  return EXIT.ok;
}

/** The model's own `retry-amplification` threshold, when its settings give one (checked on reading). */
function maxAttemptsOf(model: Model): number | undefined {
  const setting = model.settings?.rules?.['retry-amplification'];
  const value =
    typeof setting === 'object' && setting !== null
      ? (setting as { maxAttempts?: unknown }).maxAttempts
      : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** Up to five node ids that contain what was asked for (or it them), as a hint. */
function nearIds(model: Model, asked: string): string[] {
  const needle = asked.toLowerCase();
  const near = model.nodes.filter((node) => {
    const id = node.id.toLowerCase();
    return id.includes(needle) || needle.includes(id) || elementName(node).toLowerCase() === needle;
  });
  return near.slice(0, 5).map((node) => `did you mean "${node.id}" (${elementName(node)})?`);
}
