import { access } from 'node:fs/promises';
import path from 'node:path';
import { importFile } from '../../ingest/import.js';
import { messages } from '../../i18n/messages.js';
import { DuckDbStore } from '../../store/duckdb-store.js';
import { StoreError } from '../../store/store.js';
import type { CommandContext } from '../context.js';
import { Refused } from '../errors.js';

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
}

export default async function importCommand(ctx: CommandContext, entity: unknown, file: unknown, options: unknown): Promise<void> {
  const { format, rejects, strict } = options as ImportCommandOptions;
  const opened = await ctx.open();
  try {
    if (!(opened.store instanceof DuckDbStore)) throw new StoreError('imports into this store are not available yet');
    const progress = ctx.output.progress(String(file));
    let summary;
    try {
      summary = await importFile(opened.store, opened.workspace, String(entity), await locate(String(file), opened.workspace.dir), {
        ...(format !== undefined ? { format } : {}),
        ...(rejects !== undefined ? { rejects } : {}),
        ...(strict ? { strict } : {}),
        onProgress: progress.update,
      });
    } finally {
      progress.stop();
    }
    const { inserted, updated, unchanged, rejected } = summary;
    if (ctx.output.json) {
      ctx.output.printJson({ inserted, updated, unchanged, rejected, rejects: summary.rejects, entity: summary.entity, file: summary.file, format: summary.format });
    } else {
      const t = messages(ctx.locale(opened.workspace.locale));
      ctx.output.line(`${t.imported(String(file))}: ${t.counts(summary)}`);
      for (const example of summary.examples) {
        ctx.output.line(`  ${t.line} ${example.line}${example.column ? ` (${example.column})` : ''}: ${example.reason}`);
      }
      if (summary.rejects) ctx.output.line(t.rejectsAt(summary.rejects));
    }
    if (strict && rejected > 0) throw new Refused();
  } finally {
    await opened.close();
  }
}
