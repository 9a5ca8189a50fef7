import path from 'node:path';
import { createDemo } from '../../demo/create-demo.js';
import { dateProblem } from '../../rules/literal-text.js';
import { localDate } from '../../time/instant.js';
import { demoSummary } from '../demo-summary.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';

interface DemoOptions {
  readonly customers: string;
  readonly seed: string;
  readonly until?: string;
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${option} must be a positive whole number, not "${text}"`);
  return value;
}

export default async function demo(ctx: CommandContext, dir: unknown, options: unknown): Promise<void> {
  const { customers, seed, until } = options as DemoOptions;
  if (until !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) throw new UsageError(`--until must be a date YYYY-MM-DD, not "${until}"`);
    const problem = dateProblem(until);
    if (problem !== undefined) throw new UsageError(`--until: "${until}" is not a valid date: ${problem}`);
  }
  const seedValue = Number(seed);
  if (!Number.isInteger(seedValue)) throw new UsageError(`--seed must be a whole number, not "${seed}"`);
  const bar = ctx.output.progress('demo');
  let demoResult;
  try {
    demoResult = await createDemo({
      dir: ctx.targetDir(dir, 'segmenta-demo'),
      customers: positiveInteger(customers, '--customers'),
      seed: seedValue,
      until: until ?? localDate(new Date(), 'Europe/Zurich'),
      onProgress: (step, fraction) => {
        const weights = { generate: [0, 0.3], customers: [0.3, 0.05], pets: [0.35, 0.05], events: [0.4, 0.3], runs: [0.7, 0.3] } as const;
        const [start, width] = weights[step];
        bar.update(start + width * fraction);
      },
    });
  } finally {
    bar.stop();
  }
  try {
    const summary = await demoSummary(demoResult, ctx.locale(demoResult.opened.workspace.locale));
    if (ctx.output.json) {
      const models = demoResult.runs.at(-1)?.models ?? {};
      ctx.output.printJson({ workspace: demoResult.dir, customers: demoResult.generated.customers, run: summary.run, pets: demoResult.generated.pets, events: demoResult.generated.events, models });
    } else {
      for (const line of summary.lines) ctx.output.line(line);
      const rel = path.relative(process.cwd(), demoResult.dir) || '.';
      ctx.output.line();
      ctx.output.line(ctx.output.style('dim', summary.next(rel)));
    }
  } finally {
    await demoResult.opened.close();
  }
}
