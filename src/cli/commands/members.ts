import { compile, evaluation, segmentRule } from '../../engine/evaluate.js';
import { csvLine, eachMemberPage, memberColumns, memberFields, memberSeparators, modelsOfFields } from '../../engine/members.js';
import { prepareRule, segmentResolver } from '../../engine/prepared-rules.js';
import { compileValues } from '../../compiler/compile-values.js';
import { requireFits, requireModelFits } from '../../models/require-fits.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';

interface MembersOptions {
  readonly segment?: string;
  readonly format?: 'csv' | 'ndjson';
  readonly fields?: string;
}

export default async function members(ctx: CommandContext, rule: unknown, options: unknown): Promise<void> {
  const { segment, format, fields } = options as MembersOptions;
  if ((rule === undefined) === (segment === undefined)) throw new UsageError('give a RULE or --segment ID (one of them)');
  const opened = await ctx.open();
  try {
    const ws = opened.workspace;
    const ev = evaluation(ws, opened.store);
    const typed = segment !== undefined ? segmentRule(ev, segment) : prepareRule(ws, String(rule));
    const chosen = memberFields(ws, fields?.split(',').map((f) => f.trim()).filter((f) => f !== ''));
    await requireFits(opened.store, ws, typed, ctx.at(ws.timezone), ev.rules.typed);
    await requireModelFits(opened.store, ws, modelsOfFields(chosen), ctx.at(ws.timezone));
    const query = compile(ev, typed);
    const values = chosen.flatMap((f) => (f.kind === 'value' ? [f.value] : []));
    const valuesOf = (keys: string) => compileValues(values, keys, { workspace: ws, dialect: opened.store.dialect, segments: segmentResolver(ev.rules, ws) });
    const out = ctx.output;
    const columns = [ws.customers.key, ...chosen.flatMap(memberColumns)];
    const separators = ['|', ...chosen.flatMap(memberSeparators)];
    const mode = out.json ? 'json' : (format ?? 'csv');
    if (mode === 'csv') out.write(`${csvLine(columns, [])}\n`);
    if (mode === 'json') out.write('[');
    let first = true;
    await eachMemberPage(opened.store, ws, query, ctx.at(ws.timezone), chosen, async (rows) => {
      let text = '';
      for (const row of rows) {
        if (mode === 'csv') text += `${csvLine(columns.map((c) => row[c]), separators)}\n`;
        else if (mode === 'ndjson') text += `${JSON.stringify(row)}\n`;
        else {
          text += `${first ? '\n' : ',\n'}  ${JSON.stringify(row)}`;
          first = false;
        }
      }
      out.write(text);
    }, valuesOf);
    if (mode === 'json') out.write(first ? ']\n' : '\n]\n');
  } finally {
    await opened.close();
  }
}
