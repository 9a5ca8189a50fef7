/**
 * `segmenta explain KEY SEGMENT`: which parts of a segment's rule a customer meets, and the values
 * that decided each. Every part of the rule is compiled for that one customer (correlated form)
 * and all of them are evaluated in a single query.
 */
import { requireFits } from '../models/require-fits.js';
import { bindParams } from '../compiler/compile-rule.js';
import { Compilation, type Scope } from '../compiler/compilation.js';
import { condition, existsCondition } from '../compiler/conditions.js';
import { sqlOf } from '../compiler/temporal.js';
import { operand } from '../compiler/values.js';
import type { TypedExpr } from '../rules/index.js';
import { CUSTOMER, CUSTOMERS_TABLE } from '../store/tables.js';
import { formatInstant } from '../time/instant.js';
import type { Evaluation } from './evaluate.js';
import { segmentRule } from './evaluate.js';
import { segmentResolver } from './prepared-rules.js';

export type ExplainValue = string | number | boolean | null | Array<string | number>;

/** One part of the rule: its text, whether the customer meets it, and what decided. */
export interface ExplainNode {
  readonly text: string;
  readonly met: boolean;
  /** Values of the part's operands, by the text of each operand (`language`, `count(purchase within 90 days)`). */
  readonly values: Record<string, ExplainValue>;
  /** The unit of those values that have one, by the same text: `distance(…)` in km, `age(…)` in completed years. */
  readonly units?: Record<string, ExplainUnit>;
  /** A quantifier (`any`, `all`, `none`): how many of the customer's records or events (in its window) meet its `where`, of how many. */
  readonly counts?: QuantifierCounts;
  readonly parts: ExplainNode[];
}

export type ExplainUnit = 'km' | 'years';

export interface QuantifierCounts {
  /** The collection or event type counted (`pets`, `purchase`). */
  readonly source: string;
  readonly matching: number;
  readonly all: number;
  /** False for a quantifier without `where` (`none(visit within 12 months)`): then `matching` is `all`. */
  readonly where: boolean;
}

export interface Explanation {
  readonly customer: string;
  readonly segment: string;
  readonly at: string;
  /** False when the customer did not exist yet at that instant (created later). */
  readonly exists: boolean;
  readonly member: boolean;
  readonly rule: ExplainNode;
}

interface Pending {
  readonly text: string;
  readonly met: string;
  readonly values: Array<{ label: string; sql: string; unit?: ExplainUnit }>;
  readonly counts?: { readonly source: string; readonly matching: string; readonly all: string; readonly where: boolean };
  readonly parts: Pending[];
}

/** Operands worth showing for a test. */
function operandsOf(e: TypedExpr): TypedExpr[] {
  switch (e.kind) {
    case 'compare':
      return [e.left, e.right].filter((x) => x.kind !== 'literal' && x.kind !== 'distance_literal');
    case 'between':
    case 'in':
    case 'is_null':
    case 'text_match':
    case 'within':
      return [e.value].filter((x) => x.kind !== 'literal');
    case 'contains':
      return [e.value];
    default:
      return [];
  }
}

function unitOf(e: TypedExpr): ExplainUnit | undefined {
  return e.kind === 'distance' ? 'km' : e.kind === 'age' ? 'years' : undefined;
}

function flatten(e: TypedExpr, kind: 'and' | 'or'): TypedExpr[] {
  return e.kind === kind ? [...flatten(e.left, kind), ...flatten(e.right, kind)] : [e];
}

export async function explainCustomer(ev: Evaluation, key: string, segmentId: string, at: Date): Promise<Explanation | undefined> {
  const rule = segmentRule(ev, segmentId);
  await requireFits(ev.store, ev.workspace, rule, at, ev.rules.typed);
  const source = ev.workspace.segments.find((s) => s.id === segmentId)!.rule;
  const text = (e: TypedExpr) => (e.span ? source.slice(e.span.start.offset, e.span.end.offset) : e.kind).replace(/\s+/g, ' ').trim();
  const c = new Compilation({ workspace: ev.workspace, dialect: ev.store.dialect, segments: segmentResolver(ev.rules, ev.workspace) });
  const q = (n: string) => c.q(n);
  const scope: Scope = { kind: 'customer', alias: 'c', owner: `c.${q(CUSTOMER)}`, setBased: false };

  const build = (e: TypedExpr): Pending => {
    const parts = e.kind === 'and' || e.kind === 'or' ? flatten(e, e.kind).map(build) : e.kind === 'not' ? [build(e.operand)] : [];
    const values = operandsOf(e).map((o) => ({ label: text(o), sql: sqlOf(c, operand(c, o, scope)), ...(unitOf(o) ? { unit: unitOf(o) } : {}) }));
    let counts: Pending['counts'];
    if (e.kind === 'quantifier') {
      const counted = { kind: 'aggregate', type: 'number', fn: 'count', source: e.source, ...(e.window ? { window: e.window } : {}) } as TypedExpr;
      const matching = { ...counted, ...(e.where ? { where: e.where } : {}) } as TypedExpr;
      counts = { source: e.source.name, matching: sqlOf(c, operand(c, matching, scope)), all: sqlOf(c, operand(c, counted, scope)), where: e.where !== undefined };
    }
    return { text: e.kind === 'and' || e.kind === 'or' ? e.kind : text(e), met: condition(c, e, scope), values, ...(counts ? { counts } : {}), parts };
  };
  const root = build(rule);
  const selects: string[] = [`${existsCondition(c, 'c') || 'true'} AS "exists"`];
  const collect = (p: Pending, path: string) => {
    selects.push(`${p.met} AS "${path}"`);
    p.values.forEach((v, i) => selects.push(`${v.sql} AS "${path}:${i}"`));
    if (p.counts) selects.push(`${p.counts.matching} AS "${path}:matching"`, `${p.counts.all} AS "${path}:all"`);
    p.parts.forEach((child, i) => collect(child, `${path}.${i}`));
  };
  collect(root, 'r');
  const keyParam = c.params.value('text', key);
  const sql = `SELECT ${selects.join(', ')} FROM ${q(CUSTOMERS_TABLE)} c WHERE c.${q(CUSTOMER)} = ${keyParam}`;
  const [row] = await ev.store.query(sql, bindParams({ sql, params: c.params.sources }, { at }));
  if (row === undefined) return undefined;

  const shape = (value: unknown): ExplainValue => (value instanceof Date ? formatInstant(value, ev.workspace.timezone) : ((value ?? null) as ExplainValue));
  const resolve = (p: Pending, path: string): ExplainNode => {
    const units = p.values.filter((v) => v.unit !== undefined).map((v) => [v.label, v.unit!] as const);
    return {
      text: p.text,
      met: Boolean(row[path]),
      values: Object.fromEntries(p.values.map((v, i) => [v.label, shape(row[`${path}:${i}`])])),
      ...(units.length ? { units: Object.fromEntries(units) } : {}),
      ...(p.counts
        ? { counts: { source: p.counts.source, matching: Number(row[`${path}:matching`] ?? 0), all: Number(row[`${path}:all`] ?? 0), where: p.counts.where } }
        : {}),
      parts: p.parts.map((child, i) => resolve(child, `${path}.${i}`)),
    };
  };
  const explained = resolve(root, 'r');
  const exists = Boolean(row['exists']);
  return { customer: key, segment: segmentId, at: formatInstant(at, ev.workspace.timezone), exists, member: exists && explained.met, rule: explained };
}
