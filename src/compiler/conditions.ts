/**
 * Conditions of a rule as SQL that is never NULL: rules.md's two-valued logic. Every test with a
 * missing value is false (`COALESCE(…, false)` at each test), so that `and`, `or` and `not` can be
 * plain SQL and `not P` is true exactly when `P` is false.
 */
import type { IrLiteral, TypedExpr } from '../rules/index.js';
import type { Compilation, Scope } from './compilation.js';
import { CompileError } from './compilation.js';
import { aggregateComparison, quantifierCondition } from './sources.js';
import { compareOperands, sqlOf, type Operand } from './temporal.js';
import { instantBefore } from '../time/calendar.js';
import { geopoint, operand } from './values.js';

const two = (sql: string) => `COALESCE(${sql}, false)`;

export function condition(c: Compilation, e: TypedExpr, scope: Scope): string {
  switch (e.kind) {
    case 'and':
      return `(${condition(c, e.left, scope)} AND ${condition(c, e.right, scope)})`;
    case 'or':
      return `(${condition(c, e.left, scope)} OR ${condition(c, e.right, scope)})`;
    case 'not':
      return `(NOT ${condition(c, e.operand, scope)})`;
    case 'compare': {
      const grouped = aggregateComparison(c, e.op, e.left, e.right, scope);
      if (grouped !== undefined) return grouped;
      return two(compareOperands(c, e.op, operand(c, e.left, scope), operand(c, e.right, scope)));
    }
    case 'between': {
      const v = operand(c, e.value, scope);
      return two(`(${compareOperands(c, '>=', v, operand(c, e.low, scope))} AND ${compareOperands(c, '<=', v, operand(c, e.high, scope))})`);
    }
    case 'in':
      return inList(c, operand(c, e.value, scope), e.items, e.negated);
    case 'is_null':
      return `(${nullTest(c, e.value, scope)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'contains': {
      const v = sqlOf(c, operand(c, e.value, scope));
      if (e.mode === 'one') {
        const part = sqlOf(c, operand(c, e.operand, scope));
        return two(e.value.type === 'string' ? c.dialect.containsInsensitive(v, part) : c.dialect.listContains(v, part));
      }
      const numbers = e.value.type === 'list<number>';
      const items = c.params.value(numbers ? 'number[]' : 'text[]', e.items.map((i) => i.value) as string[] | number[]);
      return two(e.mode === 'any' ? c.dialect.listHasAny(v, items) : c.dialect.listHasAll(v, items));
    }
    case 'text_match': {
      const v = sqlOf(c, operand(c, e.value, scope));
      const p = sqlOf(c, operand(c, e.pattern, scope));
      switch (e.op) {
        case 'starts_with':
          return two(c.dialect.startsWithInsensitive(v, p));
        case 'ends_with':
          return two(c.dialect.endsWithInsensitive(v, p));
        case 'matches':
          return two(c.dialect.regexMatches(v, p));
      }
      throw new CompileError('unknown text test');
    }
    case 'within': {
      const v = operand(c, e.value, scope);
      const { amount, unit } = e.duration;
      const since: Operand = { kind: 'instant', key: `ago:${amount}:${unit}`, at: (ctx) => instantBefore(ctx.at, amount, unit, c.zone) };
      const now: Operand = { kind: 'instant', key: 'at', at: (ctx) => ctx.at };
      return two(`(${compareOperands(c, '>=', v, since)} AND ${compareOperands(c, '<=', v, now)})`);
    }
    case 'in_segment': {
      const leave = c.enterSegment(e.segment);
      try {
        // One customer at a time: the other segment's rule over the same shared aggregates.
        if (scope.features) return condition(c, c.options.segments.rule(e.segment), scope);
        const members = c.options.segments.members?.(e.segment) ?? segmentQuery(c, c.options.segments.rule(e.segment));
        return `(${scope.owner} IN (${members}))`;
      } finally {
        leave();
      }
    }
    case 'quantifier':
      return quantifierCondition(c, e, scope);
    case 'literal':
      if (e.type === 'boolean') return e.value ? 'true' : 'false';
      throw new CompileError(`a ${e.type} is not a condition`);
    case 'customer_field':
    case 'record_field':
    case 'event_property':
    case 'segmentation_score':
    case 'model_output':
      // A boolean field standing alone: `email_opt_in`.
      return two(sqlOf(c, operand(c, e, scope)));
    default:
      throw new CompileError(`a ${e.kind} is not a condition`);
  }
}

/** `v in [..]`, `v not in [..]`: false when v is missing, either way (a comparison with a missing value). */
function inList(c: Compilation, v: Operand, items: readonly IrLiteral[], negated: boolean): string {
  if (items.length === 0) return negated ? two(`(${sqlOf(c, v)} IS NOT NULL)`) : 'false';
  const tests = items.map((item) => compareOperands(c, negated ? '!=' : '=', v, literalOperand(c, item)));
  return two(`(${tests.join(negated ? ' AND ' : ' OR ')})`);
}

function literalOperand(c: Compilation, item: IrLiteral): Operand {
  return operand(c, item, { kind: 'customer', alias: '', owner: '', setBased: false });
}

/** What `is null` looks at: a geopoint is missing when its latitude is. */
function nullTest(c: Compilation, e: TypedExpr, scope: Scope): string {
  return e.type === 'geopoint' ? geopoint(c, e, scope).lat : sqlOf(c, operand(c, e, scope));
}

/** The members of a rule as a sub-select of customer keys (for `in segment`). */
export function segmentQuery(c: Compilation, rule: TypedExpr): string {
  return ruleQuery(c, rule);
}

/** `SELECT <alias>._customer FROM customers <alias> … WHERE exists AND rule`. */
export function ruleQuery(c: Compilation, rule: TypedExpr): string {
  const alias = c.alias('c');
  const joins: string[] = [];
  const scope: Scope = { kind: 'customer', alias, owner: `${alias}.${c.q('_customer')}`, setBased: true, joins, joined: new Map() };
  const predicate = condition(c, rule, scope);
  const filters = [existsCondition(c, alias), c.restrict(`${alias}.${c.q('_customer')}`), predicate].filter((f) => f !== '');
  return `SELECT ${alias}.${c.q('_customer')} FROM ${c.q('customers')} ${alias}${joins.length ? ` ${joins.join(' ')}` : ''} WHERE ${filters.join(' AND ')}`;
}

/** Customers exist from their creation time (workspace `customers.created`); without one, always. */
export function existsCondition(c: Compilation, alias: string): string {
  const created = c.options.workspace.customers.created;
  if (created === undefined) return '';
  const field = c.options.workspace.customers.fields.find((f) => f.name === created)!;
  const at: Operand = { kind: 'instant', key: 'at', at: (ctx) => ctx.at };
  const column: Operand = { kind: 'sql', sql: `${alias}.${c.q(created)}`, temporal: field.type === 'date' ? 'date' : 'instant' };
  return `(${alias}.${c.q(created)} IS NULL OR ${compareOperands(c, '<=', column, at)})`;
}
