/**
 * The command line (cli.md): a thin shell. Each command maps its options onto the library and is
 * loaded only when used; errors are printed once, here, and turned into the exit statuses of the
 * contract (0 success, 1 refused input, 2 usage error).
 */
import { Command, CommanderError, Option } from 'commander';
import { CommandContext, type CommonOptions } from './context.js';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Refused, UsageError } from './errors.js';
import { Output } from './output.js';
import { renderFailure } from './render-failure.js';
import { CSV_ENCODINGS } from '../ingest/formats.js';

type Action = (ctx: CommandContext, ...args: unknown[]) => Promise<void>;

/** Adds the options every command takes (cli.md, "Common options"). */
function common(command: Command): Command {
  return command
    .option('-w, --workspace <dir>', 'workspace folder (holds segmenta.yaml)', '.')
    .option('--at <time>', 'evaluation instant: ISO date or date-time, naive = workspace time zone (default: now)')
    .option('--json', 'machine output on stdout, nothing else')
    .addOption(new Option('--lang <lang>', 'language of human output').choices(['fr', 'en']));
}

function program(run: (load: () => Promise<{ default: Action }>) => (...args: unknown[]) => Promise<void>): Command {
  const cli = new Command('segmenta')
    .description('Customer segmentation: rules, RFM, lifecycle, models, runs and transitions.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  common(cli.command('demo').argument('[dir]', 'folder to create (or -w DIR; default: segmenta-demo)'))
    .description('create a demo veterinary clinic with generated data, import it and print a summary')
    .option('--customers <n>', 'number of customers', '2000')
    .option('--seed <s>', 'random seed (same seed and --until, same data)', '42')
    .option('--until <date>', 'last day of the generated history (default: today)')
    .action(run(() => import('./commands/demo.js')));

  common(cli.command('init').argument('[dir]', 'folder of the new workspace (or -w DIR; default: the current folder)'))
    .description('create an empty workspace with a commented segmenta.yaml')
    .option('--force', 'overwrite an existing segmenta.yaml')
    .action(run(() => import('./commands/init.js')));

  common(cli.command('check'))
    .description('validate segmenta.yaml and every rule in it')
    .action(run(() => import('./commands/check.js')));

  common(cli.command('import').argument('<entity>', 'customers, a collection name, or events').argument('<file>', 'CSV, NDJSON or Parquet file'))
    .description('import customers, collection records or events from a file')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'ndjson', 'parquet']))
    .option('--rejects <file>', 'where to write rejected rows')
    .option('--strict', 'import nothing when any row is rejected')
    .addOption(new Option('--encoding <encoding>', 'text encoding of a CSV file (default: utf-8)').choices([...CSV_ENCODINGS]))
    .option('--no-reevaluate', 'do not re-evaluate at once the customers the import changed')
    .action(run(() => import('./commands/import.js')));

  common(cli.command('count').argument('<rule>', 'a rule in the language of rules.md'))
    .description('how many customers satisfy a rule at --at')
    .action(run(() => import('./commands/count.js')));

  common(cli.command('members').argument('[rule]', 'a rule (or --segment ID)'))
    .description('list the customers of a rule or segment (CSV, NDJSON, or JSON with --json)')
    .option('--segment <id>', 'a segment of the workspace instead of a rule')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'ndjson']).default('csv'))
    .option('--fields <list>', 'customer fields to print, comma-separated (default: all)')
    .action(run(() => import('./commands/members.js')));

  common(cli.command('segments'))
    .description('every segment of the workspace with its size at --at')
    .action(run(() => import('./commands/segments.js')));

  common(cli.command('explain').argument('<key>', 'customer key').argument('<segment>', 'segment or segmentation id'))
    .description('which conditions of a segment a customer meets, part by part, and the values that decided; for a segmentation, its segment and the scores that decided')
    .action(run(() => import('./commands/explain.js')));

  common(cli.command('run'))
    .description('a run of every segment and segmentation as of --at (or a replay: --every month --from D1 --to D2)')
    .option('--every <period>', 'replay history: one run per period end (month)')
    .option('--from <date>', 'first date of the replay')
    .option('--to <date>', 'last date of the replay')
    .action(run(() => import('./commands/run.js')));

  common(cli.command('runs'))
    .description('the full runs, newest first (--all: customer runs too)')
    .option('--all', 'also the runs of a few customers (after their events arrived)')
    .action(run(() => import('./commands/runs.js')));

  common(cli.command('transitions').argument('<id>', 'segment or segmentation id'))
    .description('moves between two runs (default: the last two full runs): entered/left, or the migration matrix and up/down')
    .option('--from <run>', 'earlier run')
    .option('--to <run>', 'later run')
    .action(run(() => import('./commands/transitions.js')));

  common(cli.command('delete').argument('<keys...>', 'customer keys'))
    .description('right to erasure: delete customers with their records, events and memberships')
    .action(run(() => import('./commands/delete.js')));

  common(cli.command('serve'))
    .description('run the workspace on its schedule (default monthly), catching up a missed run at start')
    .option('--port <port>', 'port of the HTTP API (not available yet)')
    .action(run(() => import('./commands/serve.js')));

  const model = cli.command('model').description('predictive and analytic models: lifetime value, basket analysis, clusters (models.md)');
  common(model.command('fit').argument('<id>', 'a model declared under "models:", or a kind: clv, basket, clusters'))
    .description('fit a model as of --at and store its outputs (usable in rules until the next fit)')
    .option('--calibration-end <date>', 'clv: last day of the calibration period (default: the evaluation date)')
    .option('--min-support <s>', 'basket: smallest share of baskets holding an itemset')
    .option('--min-confidence <c>', 'basket: smallest confidence of a rule')
    .option('--min-lift <l>', 'basket: smallest lift of a rule')
    .option('--max-size <n>', 'basket: largest itemset')
    .option('--k <k>', 'clusters: a number of clusters, or a range such as 2..8')
    .action(run(() => import('./commands/model-fit.js')));

  common(cli.command('customer').argument('<key>', 'customer key'))
    .description("a customer's profile: fields, records, current segments, history, models, recent events")
    .option('--events <n>', 'number of recent events to show', '10')
    .action(run(() => import('./commands/customer.js')));

  return cli;
}

/** Runs the CLI on `argv` (as `process.argv`); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let status = EXIT_OK;
  const run = (load: () => Promise<{ default: Action }>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      const options: CommonOptions = { ...command.optsWithGlobals(), workspaceGiven: command.getOptionValueSource('workspace') === 'cli' };
      let ctx: CommandContext | undefined;
      try {
        ctx = new CommandContext(options);
        const { default: action } = await load();
        await action(ctx, ...args.slice(0, -1));
      } catch (error) {
        status = report(error, ctx?.output ?? new Output({ json: Boolean(options.json) }));
      }
    };
  try {
    await program(run).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK;
      // Commander has said it on stderr; a script asking for JSON (before any "--") gets it on
      // stdout too. Help it shows for an unknown topic (`help nosuch`) carries no message.
      const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
      if (options.includes('--json') && !error.code.startsWith('commander.help')) new Output({ json: true }).printJson(usageJson(error.message.replace(/^error: /, '')));
      return EXIT_USAGE;
    }
    throw error;
  }
  return status;
}

function report(error: unknown, output: Output): number {
  if (error instanceof Refused) return EXIT_REFUSED;
  if (error instanceof UsageError) {
    if (output.json) output.printJson(usageJson(error.message));
    output.error(error.message);
    return EXIT_USAGE;
  }
  renderFailure(error, output);
  return EXIT_REFUSED;
}

/** A usage error (exit 2) under `--json`: the refusals' shape, with the code `usage`. */
function usageJson(message: string): { error: { code: 'usage'; message: string } } {
  return { error: { code: 'usage', message } };
}
