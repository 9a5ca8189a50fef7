import { access } from 'node:fs/promises';
import path from 'node:path';
import { importFile } from '../../ingest/import.js';
import { messages } from '../../i18n/messages.js';
import type { CommandContext } from '../context.js';
import { Refused } from '../errors.js';
import { evaluation } from '../../engine/evaluate.js';
import { reevaluateImported } from '../../runs/after-import.js';
import type { ModelRunResult } from '../../models/run-models.js';

/** A relative path is looked for in the current folder, then in the workspace's. */
async function locate(file: string, workspaceDir: string): Promise<string> {
  if (path.isAbsolute(file)) return file;
  const here = path.resolve(file);
  if (await access(here).then(() => true, () => false)) return here;
  const there = path.resolve(workspaceDir, file);
  return (await access(there).then(() => true, () => false)) ? there : here;
}

interface ImportCommandOptions {
  readonly format?: string;
  readonly rejects?: string;
  readonly strict?: boolean;
  readonly reevaluate?: boolean;
  readonly encoding?: string;
}

export default async function importCommand(ctx: CommandContext, entity: unknown, file: unknown, options: unknown): Promise<void> {
  const { format, rejects, strict, reevaluate, encoding } = options as ImportCommandOptions;
  const opened = await ctx.open();
  try {
    const progress = ctx.output.progress(String(file));
    let summary;
    try {
      summary = await importFile(opened.store, opened.workspace, String(entity), await locate(String(file), opened.workspace.dir), {
        ...(format !== undefined ? { format } : {}),
        ...(rejects !== undefined ? { rejects } : {}),
        ...(strict ? { strict } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
        onProgress: progress.update,
      });
    } finally {
      progress.stop();
    }
    const { inserted, updated, unchanged, rejected } = summary;
    // The customers the import changed are re-evaluated at once (a customer run) when they are few.
    const reevaluation =
      inserted + updated > 0 && reevaluate !== false
        ? await reevaluateImported(evaluation(opened.workspace, opened.store), summary, ctx.at(opened.workspace.timezone))
        : undefined;
    if (ctx.output.json) {
      ctx.output.printJson({
        inserted,
        updated,
        unchanged,
        rejected,
        rejects: summary.rejects,
        entity: summary.entity,
        file: summary.file,
        format: summary.format,
        ignoredColumns: summary.ignoredColumns,
        nearestColumns: summary.nearestColumns,
        // Always present, null when no customer run was made (nothing changed, --no-reevaluate, …): docs/workspace.md.
        reevaluated: reevaluation && 'run' in reevaluation ? { run: reevaluation.run.run, customers: reevaluation.customers, ...modelsOf(reevaluation.run.models) } : null,
      });
    } else {
      const t = messages(ctx.locale(opened.workspace.locale));
      ctx.output.line(t.imported(String(file), t.counts(summary)));
      for (const example of summary.examples) {
        ctx.output.line(`  ${t.line} ${example.line}${example.column ? ` (${example.column})` : ''}: ${example.reason}`);
      }
      if (summary.rejects) ctx.output.line(t.rejectsAt(summary.rejects));
      if (summary.ignoredColumns.length > 0) {
        const named = summary.ignoredColumns.map((c) => {
          const near = summary.nearestColumns[c];
          return near === undefined ? c : `${c} (${t.didYouMean(near)})`;
        });
        ctx.output.line(t.ignoredColumns(named.join(', ')));
      }
      if (reevaluation && 'run' in reevaluation) {
        ctx.output.line(t.reevaluated(reevaluation.customers, reevaluation.run.run));
        for (const [model, result] of Object.entries(reevaluation.run.models)) if ('error' in result) ctx.output.line(`  ${t.notRescored(model, result.error)}`);
      }
      if (reevaluation && 'reason' in reevaluation && reevaluation.reason === 'too-many') ctx.output.line(t.runNeeded(reevaluation.customers));
    }
    // On stderr in either mode: the import stands, the re-evaluation waits for the rules to be mended.
    if (reevaluation && 'reason' in reevaluation && reevaluation.reason === 'invalid-rules') ctx.output.notice(messages(ctx.locale(opened.workspace.locale)).rulesInvalid);
    if (strict && rejected > 0) throw new Refused();
  } finally {
    await opened.close();
  }
}

/** What a customer run did with each model, for a workspace that declares models (none: nothing to say). */
function modelsOf(models: Record<string, ModelRunResult>): { models?: Record<string, ModelRunResult> } {
  return Object.keys(models).length > 0 ? { models } : {};
}
