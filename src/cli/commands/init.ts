import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { INIT_TEMPLATE } from '../../workspace/init-template.js';
import { WORKSPACE_FILE } from '../../workspace/load.js';
import type { CommandContext } from '../context.js';
import { messages } from '../../i18n/messages.js';
import { UsageError } from '../errors.js';

export default async function init(ctx: CommandContext, dir: unknown, options: unknown): Promise<void> {
  const folder = ctx.targetDir(dir, '.');
  const file = path.join(folder, WORKSPACE_FILE);
  const force = Boolean((options as { force?: boolean }).force);
  const exists = await access(file).then(() => true, () => false);
  if (exists && !force) throw new UsageError(`${file} already exists (use --force to overwrite it)`);
  await mkdir(folder, { recursive: true });
  // The template's locale follows --lang (its comments stay in English).
  await writeFile(file, ctx.locale('en') === 'fr' ? INIT_TEMPLATE.replace(/^locale: en /m, 'locale: fr ') : INIT_TEMPLATE);
  if (ctx.output.json) ctx.output.printJson({ workspace: folder, file });
  else ctx.output.line(messages(ctx.locale('en')).created(file, `npx segmenta check -w ${path.relative(process.cwd(), folder) || '.'}`));
}
