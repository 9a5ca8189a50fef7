import { evaluation } from '../../engine/evaluate.js';
import { explainCustomer, type ExplainNode, type ExplainValue } from '../../engine/explain.js';
import { explainSegmentation } from '../../engine/explain-segmentation.js';
import { segmentLabel } from '../../segmentations/order.js';
import type { CommandContext } from '../context.js';
import { Refused } from '../errors.js';
import { messages } from '../../i18n/messages.js';

export default async function explain(ctx: CommandContext, key: unknown, segment: unknown): Promise<void> {
  const opened = await ctx.open();
  try {
    const ev = evaluation(opened.workspace, opened.store);
    const t = messages(ctx.locale(opened.workspace.locale));
    const unknownCustomer = () => {
      // JSON refusals carry an English message (README); people read their own language.
      if (ctx.output.json) ctx.output.printJson({ error: { code: 'unknown-customer', message: messages('en').unknownCustomer(String(key)) } });
      else ctx.output.error(t.unknownCustomer(String(key)));
      return new Refused();
    };
    const segmentation = opened.workspace.segmentations.find((s) => s.id === String(segment));
    if (segmentation !== undefined) {
      const explained = await explainSegmentation(ev, String(key), segmentation.id, ctx.at(opened.workspace.timezone));
      if (explained === undefined) throw unknownCustomer();
      if (ctx.output.json) {
        ctx.output.printJson(explained);
        return;
      }
      const o = ctx.output;
      const label = explained.segment === null ? undefined : segmentLabel(segmentation, explained.segment, ctx.locale(opened.workspace.locale));
      // The display name beside the id, unless it is the id again (a custom map's segment without a name).
      const shown = explained.segment === null ? t.missing : label === explained.segment ? label : `${explained.segment} (${label})`;
      o.line(`${explained.customer} — ${explained.segmentation}${t.colon}${shown} (${explained.at})`);
      if (!explained.exists) o.line(`  ${t.explainNotYetCustomer}`);
      else for (const [name, value] of Object.entries(explained.values)) o.line(`  ${name}${t.colon}${value === null ? t.missing : String(Number(value.toFixed(6)))}`);
      return;
    }
    const result = await explainCustomer(ev, String(key), String(segment), ctx.at(opened.workspace.timezone));
    if (result === undefined) throw unknownCustomer();
    if (ctx.output.json) {
      ctx.output.printJson(result);
      return;
    }
    const o = ctx.output;
    const verdict = result.member ? o.style('green', t.explainMember) : o.style('red', t.explainNotMember);
    o.line(`${result.customer} — ${result.segment}${t.colon}${verdict} (${result.at})`);
    if (!result.exists) o.line(`  ${t.explainNotYetCustomer}`);
    const show = (node: ExplainNode, depth: number) => {
      const mark = node.met ? o.style('green', '✓') : o.style('red', '✗');
      const shown = (k: string, v: ExplainValue): string => {
        if (v === null) return t.missing;
        if (Array.isArray(v)) return v.join(', ');
        const unit = node.units?.[k];
        if (unit === 'km' && typeof v === 'number') return t.explainKm(v);
        if (unit === 'years' && typeof v === 'number') return t.explainYears(v);
        // Six decimals at most (sums are exact to six places; model outputs are doubles): JSON keeps every digit.
        return typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toFixed(6))) : String(v);
      };
      const values = Object.entries(node.values).map(([k, v]) => `${k}${t.colon}${shown(k, v)}`);
      if (node.counts) values.push(t.explainCounts(node.counts));
      o.line(`${'  '.repeat(depth + 1)}${mark} ${node.text}${values.length ? o.style('dim', `   (${values.join('; ')})`) : ''}`);
      for (const part of node.parts) show(part, depth + 1);
    };
    show(result.rule, 0);
  } finally {
    await opened.close();
  }
}
