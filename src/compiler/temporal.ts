/**
 * Dates and instants in comparisons (rules.md): a date compared with an instant stands for its
 * whole day in the workspace zone. For an instant `t` and a date `D`, `t < D` is "before D begins",
 * `t <= D` "before D ends", `t > D` "after D ends", `t >= D` "from D's start", `t = D` "on D" —
 * which is exactly comparing `t`'s local date with `D` by the same operator. Constants are turned
 * into bound parameters so that stored columns are compared as they are (and indexes, zone maps
 * and row-group skipping still apply).
 */
import type { CompareOp } from '../rules/index.js';
import { dayStart, nextDate } from '../time/calendar.js';
import { localDate } from '../time/instant.js';
import type { Compilation } from './compilation.js';
import type { BindContext } from './params.js';

/** A compiled value: SQL, or a date/instant constant bound later. */
export type Operand =
  | { readonly kind: 'sql'; readonly sql: string; readonly temporal?: 'instant' | 'date' }
  | { readonly kind: 'instant'; readonly key: string; readonly at: (ctx: BindContext) => Date }
  | { readonly kind: 'date'; readonly key: string; readonly date: (ctx: BindContext) => string };

const MIRROR: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function sqlOf(c: Compilation, o: Operand): string {
  switch (o.kind) {
    case 'sql':
      return o.sql;
    case 'instant':
      return c.params.derived('timestamp', o.key, o.at);
    case 'date':
      return c.params.derived('date', o.key, o.date);
  }
}

function isTemporal(o: Operand): boolean {
  return o.kind !== 'sql' || o.temporal !== undefined;
}

function temporalKind(o: Operand): 'instant' | 'date' {
  return o.kind === 'sql' ? o.temporal! : o.kind;
}

/** The local date of an instant operand, as SQL. */
function asDate(c: Compilation, o: Operand): string {
  if (o.kind === 'instant') return c.params.derived('date', `date:${o.key}`, (ctx) => localDate(o.at(ctx), c.zone));
  if (o.kind === 'sql' && o.temporal === 'instant') return c.dialect.localDate(o.sql, c.params.value('text', c.zone));
  return sqlOf(c, o);
}

/** A comparison that may be NULL (missing values); callers make it two-valued. */
export function compareOperands(c: Compilation, op: CompareOp, left: Operand, right: Operand): string {
  if (!isTemporal(left) || !isTemporal(right)) return `(${sqlOf(c, left)} ${sqlOp(op)} ${sqlOf(c, right)})`;
  // Keep a stored column on the left so that a date constant can become instant bounds.
  if (left.kind !== 'sql' && right.kind === 'sql') return compareOperands(c, MIRROR[op], right, left);
  const l = temporalKind(left);
  const r = temporalKind(right);
  if (l === r) return `(${sqlOf(c, left)} ${sqlOp(op)} ${sqlOf(c, right)})`;
  if (l === 'instant' && right.kind === 'date') return instantAgainstDay(c, op, sqlOf(c, left), right);
  // Otherwise compare dates: the instant side is reduced to its local date.
  const ls = l === 'instant' ? asDate(c, left) : sqlOf(c, left);
  const rs = r === 'instant' ? asDate(c, right) : sqlOf(c, right);
  return `(${ls} ${sqlOp(op)} ${rs})`;
}

/** `t op D` for a stored instant `t` and a date constant `D`, with D's day bounds as parameters. */
function instantAgainstDay(c: Compilation, op: CompareOp, t: string, day: Extract<Operand, { kind: 'date' }>): string {
  // Parameters are registered only when used: a query must bind exactly the ones it has.
  const start = () => c.params.derived('timestamp', `start:${day.key}`, (ctx) => dayStart(day.date(ctx), c.zone));
  const end = () => c.params.derived('timestamp', `end:${day.key}`, (ctx) => dayStart(nextDate(day.date(ctx)), c.zone));
  switch (op) {
    case '<':
      return `(${t} < ${start()})`;
    case '<=':
      return `(${t} < ${end()})`;
    case '>':
      return `(${t} >= ${end()})`;
    case '>=':
      return `(${t} >= ${start()})`;
    case '=':
      return `(${t} >= ${start()} AND ${t} < ${end()})`;
    case '!=':
      return `(NOT (${t} >= ${start()} AND ${t} < ${end()}))`;
  }
}

export function sqlOp(op: CompareOp): string {
  return op === '!=' ? '<>' : op;
}

/** Evaluates a comparison of two JavaScript numbers, as SQL would. */
export function compareNumbers(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}
