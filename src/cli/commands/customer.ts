import { customerProfile, type JsonValue } from '../../engine/customer-profile.js';
import { messages } from '../../i18n/messages.js';
import { segmentLabel } from '../../segmentations/order.js';
import type { CommandContext } from '../context.js';
import { Refused, UsageError } from '../errors.js';

function show(value: JsonValue, missing: string): string {
  if (value === null) return missing;
  if (Array.isArray(value)) return value.length === 0 ? missing : value.map((v) => show(v, missing)).join(', ');
  if (typeof value === 'object') return 'lat' in value ? `${value['lat']}, ${value['lon']}` : JSON.stringify(value);
  return String(value);
}

/** `--events N`: how many recent events to show, a whole number (0 shows none). */
function recentEvents(text: string | undefined): number {
  if (text === undefined) return 10;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--events takes a whole number of events (0 or more), not "${text}"`);
  return Number(text);
}

export default async function customer(ctx: CommandContext, key: unknown, options: unknown): Promise<void> {
  const recent = recentEvents((options as { events?: string }).events);
  const opened = await ctx.open();
  try {
    const { workspace: ws, store } = opened;
    const locale = ctx.locale(ws.locale);
    const t = messages(locale);
    const profile = await customerProfile(store, store.dialect, ws, String(key), recent, locale, ctx.atGiven(ws.timezone));
    if (profile === undefined) {
      if (ctx.output.json) ctx.output.printJson({ error: { code: 'unknown-customer', message: `unknown customer "${String(key)}"` } });
      else ctx.output.error(t.unknownCustomer(String(key)));
      throw new Refused();
    }
    if (ctx.output.json) {
      ctx.output.printJson(profile);
      return;
    }
    const o = ctx.output;
    // A segmentation's segment by its label in the reader's language, with the id that rules use.
    const named = (segmentation: string, segment: string): string => {
      const def = ws.segmentations.find((s) => s.id === segmentation);
      const label = def === undefined ? segment : segmentLabel(def, segment, locale);
      return label === segment ? segment : `${label} (${segment})`;
    };
    o.line(o.style('bold', profile.at === undefined ? `${t.customer} ${profile.key}` : t.customerAsOf(profile.key, profile.at)));
    const width = Math.max(0, ...Object.keys(profile.fields).map((k) => k.length));
    for (const [name, value] of Object.entries(profile.fields)) o.line(`  ${name.padEnd(width)}  ${show(value, t.missing)}`);
    for (const [collection, records] of Object.entries(profile.records)) {
      o.line();
      o.line(o.style('bold', t.records(collection, records.length)));
      for (const record of records) {
        o.line(`  ${record.key}  ${Object.entries(record.fields).map(([k, v]) => `${k}${t.colon}${show(v, t.missing)}`).join(' · ')}`);
      }
    }
    const placed = profile.segments.length > 0 || Object.keys(profile.segmentations).length > 0;
    if (profile.run === null) {
      o.line();
      o.line(t.noRunAsOf(profile.at!));
    } else if (placed || profile.run !== undefined) {
      // As of an instant, the run read is named even when it put the customer nowhere (created later).
      o.line();
      o.line(o.style('bold', profile.run === undefined ? t.segments : t.segmentsAtRun(profile.run.run, profile.run.at)));
      for (const [id, segment] of Object.entries(profile.segmentations)) o.line(`  ${id}${t.colon}${named(id, segment)}`);
      if (profile.segments.length > 0) o.line(`  ${profile.segments.join(', ')}`);
      if (!placed) o.line(`  ${t.inNoSegment}`);
    }
    if (Object.keys(profile.history).length > 0) {
      // Each segment and segmentation, its intervals oldest first: what it was, from which run to which.
      o.line();
      o.line(o.style('bold', t.history));
      for (const [id, entries] of Object.entries(profile.history)) {
        o.line(`  ${id}`);
        const names = entries.map((e) => (e.segment === null ? t.member : named(id, e.segment)));
        const scores = entries.map((e) => (e.scores ? (['r', 'f', 'm'] as const).filter((k) => e.scores![k] !== null).map((k) => `${k} ${e.scores![k]}`).join(' · ') : ''));
        const nameWidth = Math.max(...names.map((n) => n.length));
        const scoreWidth = Math.max(...scores.map((n) => n.length));
        entries.forEach((e, i) => {
          const to = e.to === null ? t.ongoing : t.runAt(e.to.run, e.to.at);
          const columns = [names[i]!.padEnd(nameWidth), ...(scoreWidth > 0 ? [scores[i]!.padEnd(scoreWidth)] : []), `${t.runAt(e.from.run, e.from.at)} → ${to}`];
          o.line(`    ${columns.join('  ')}`);
        });
      }
    }
    if (Object.keys(profile.models).length > 0) {
      o.line();
      o.line(o.style('bold', t.models));
      for (const [id, values] of Object.entries(profile.models)) {
        const shown = Object.entries(values)
          .filter(([k]) => k !== 'fit')
          .map(([k, v]) => `${k}${t.colon}${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : show(v, t.missing)}`);
        o.line(`  ${id}${t.colon}${shown.join(' · ')}`);
      }
    }
    o.line();
    const total = Object.values(profile.eventCounts).reduce((a, b) => a + b, 0);
    o.line(o.style('bold', t.recentEvents(profile.events.length, total)));
    if (profile.events.length === 0) o.line(`  ${t.noEvents}`);
    for (const event of profile.events) {
      const props = Object.entries(event.properties).filter(([, v]) => v !== null).map(([k, v]) => `${k}${t.colon}${show(v, t.missing)}`).join(' · ');
      o.line(`  ${event.time}  ${event.type.padEnd(10)} ${props}`.trimEnd());
    }
  } finally {
    await opened.close();
  }
}
