/**
 * AST + environment → typed, resolved IR (ir.ts), or diagnostics. The checker reports every
 * problem it can find in one pass (a part that fails is left out, and its parents are not
 * reported again); the IR is returned only when there is none.
 *
 * Type rules (see type-rules.ts for comparisons): `and`/`or`/`not` and every `where` need
 * conditions; `contains` needs text, or a list field and an element of its type; `starts with`,
 * `ends with`, `matches` need text; `in` a list of the value's type; `within` a date or time;
 * `sum`/`avg`/`min`/`max` a numeric property; `first`/`last` and windows an event type; `age` a
 * date; `distance` two geopoints (fields, places or `point()`); arithmetic numbers; the rule a
 * condition.
 */
import type { DateOrTimestampLiteral, Expr, ExprOf, Literal } from './ast.js';
import { CUSTOMER_SCOPE, CheckContext, listNames, spanProp, type Scope, type Use } from './check-context.js';
import type { Diagnostic } from './diagnostics.js';
import type { RuleEnvironment } from './environment.js';
import type { IrDateLiteral, IrDuration, IrLiteral, IrSource, IrWindow, TypedExpr } from './ir.js';
import { assertNever } from './ir.js';
import { parseRule } from './parser.js';
import { printQuantity, printRule } from './printer.js';
import { quoteName } from './literal-text.js';
import { NO_UNIT_HINT } from './hint-texts.js';
import { resolveRef } from './resolve-names.js';
import { reportRefused } from './refused-names.js';
import { didYouMean, nearestName } from './suggest.js';
import { comparable, describe, describeText, elementType, isTemporal, orderable } from './type-rules.js';

/** The IR of a valid rule (then `diagnostics` is empty), or what is wrong with it. */
export interface CheckResult {
  readonly typed?: TypedExpr;
  readonly diagnostics: readonly Diagnostic[];
}

/** Checks a parsed rule against the workspace it belongs to. Never throws. */
export function checkRule(ast: Expr, env: RuleEnvironment): CheckResult {
  const ctx = new CheckContext(env);
  const typed = check(ctx, ast, CUSTOMER_SCOPE, {});
  if (typed !== undefined && typed.type !== 'boolean') {
    ctx.report('type-mismatch', `a rule must be a condition (true or false), found ${describe(ast, typed)}`, ast);
  }
  if (typed === undefined || ctx.diagnostics.length > 0) return { diagnostics: ctx.diagnostics };
  return { typed, diagnostics: [] };
}

/** Checks a numeric expression (a k-means feature, models.md) against the workspace. Never throws. */
export function checkNumber(ast: Expr, env: RuleEnvironment): CheckResult {
  const ctx = new CheckContext(env);
  const typed = check(ctx, ast, CUSTOMER_SCOPE, {});
  if (typed !== undefined && typed.type !== 'number') {
    ctx.report('type-mismatch', `a feature must be a number, found ${describe(ast, typed)}`, ast);
  }
  if (typed === undefined || ctx.diagnostics.length > 0) return { diagnostics: ctx.diagnostics };
  return { typed, diagnostics: [] };
}

function check(ctx: CheckContext, node: Expr, scope: Scope, use: Use): TypedExpr | undefined {
  const span = spanProp(node);
  switch (node.kind) {
    case 'and':
    case 'or': {
      const left = condition(ctx, node.left, scope);
      const right = condition(ctx, node.right, scope);
      return left && right && { kind: node.kind, type: 'boolean', left, right, ...span };
    }
    case 'not': {
      const operand = condition(ctx, node.operand, scope);
      return operand && { kind: 'not', type: 'boolean', operand, ...span };
    }
    case 'compare':
      return checkCompare(ctx, node, scope);
    case 'between': {
      const value = check(ctx, node.value, scope, {});
      const low = check(ctx, node.low, scope, {});
      const high = check(ctx, node.high, scope, {});
      if (!value || !low || !high) return undefined;
      for (const [bound, typed] of [[node.low, low], [node.high, high]] as const) {
        if (!comparable(value.type, typed.type)) {
          return ctx.report('type-mismatch', `cannot compare ${describe(node.value, value)} with ${describe(bound, typed)}`, node);
        }
      }
      if (!orderable(value.type)) return ctx.report('type-mismatch', `cannot use "between" on ${describe(node.value, value)}`, node);
      return { kind: 'between', type: 'boolean', value, low, high, ...span };
    }
    case 'in': {
      const value = check(ctx, node.value, scope, { label: true });
      if (!value) return undefined;
      const items = checkItems(ctx, node.value, value, node.items.items);
      return items && { kind: 'in', type: 'boolean', value, items, negated: node.negated, ...span };
    }
    case 'is_null': {
      const value = check(ctx, node.value, scope, { label: true });
      return value && { kind: 'is_null', type: 'boolean', value, negated: node.negated, ...span };
    }
    case 'contains':
      return checkContains(ctx, node, scope);
    case 'text_match': {
      const value = check(ctx, node.value, scope, {});
      const pattern = check(ctx, node.pattern, scope, {});
      if (!value || !pattern) return undefined;
      const op = node.op === 'matches' ? 'matches' : node.op.replace('_', ' ');
      for (const [part, typed] of [[node.value, value], [node.pattern, pattern]] as const) {
        if (typed.type !== 'string') return ctx.report('type-mismatch', `"${op}" needs text, found ${describe(part, typed)}`, part);
      }
      return { kind: 'text_match', type: 'boolean', op: node.op, value, pattern, ...span };
    }
    case 'within': {
      const counted = eventTypeNamed(ctx, node.value, scope);
      if (counted !== undefined) {
        // `visit within 3 months`: the window of an aggregate written without it.
        const window = `${quoteName(counted)} within ${printQuantity(node.duration.amount, node.duration.unit)}`;
        return ctx.report('type-mismatch', `event type "${counted}" is not a value`, node.value, '', `any(${window}) tests whether there is one; count(${window}) counts them`);
      }
      const value = check(ctx, node.value, scope, {});
      if (!value) return undefined;
      if (!isTemporal(value.type)) {
        return ctx.report('type-mismatch', `"within" needs a date or a time, found ${describe(node.value, value)}`, node.value);
      }
      return { kind: 'within', type: 'boolean', value, duration: duration(node.duration), ...span };
    }
    case 'in_segment':
      if (!ctx.env.segments.has(node.segment)) {
        if (reportRefused(ctx, node.segment, node, ['segment'])) return undefined;
        const hint = `the segments are ${listNames(ctx.env.segments)}`;
        return ctx.report('unknown-segment', `unknown segment "${node.segment}"`, node, didYouMean(node.segment, ctx.env.segments), hint);
      }
      return { kind: 'in_segment', type: 'boolean', segment: node.segment, ...span };
    case 'quantifier':
    case 'aggregate':
      return checkSourced(ctx, node);
    case 'literal':
      return literal(node);
    case 'list':
      return ctx.report('invalid-value', 'a list can only follow "in", "not in", "contains any" or "contains all"', node);
    case 'duration':
      return duration(node);
    case 'distance_literal': {
      const km = node.unit === 'm' ? node.amount / 1000 : node.amount;
      return { kind: 'distance_literal', type: 'distance', amount: node.amount, unit: node.unit, km, ...span };
    }
    case 'ago':
      return { kind: 'ago', type: 'timestamp', amount: node.amount, unit: node.unit, ...span };
    case 'ref':
      return resolveRef(ctx, node, scope, use);
    case 'arith': {
      const left = check(ctx, node.left, scope, {});
      const right = check(ctx, node.right, scope, {});
      if (!left || !right) return undefined;
      for (const [part, typed] of [[node.left, left], [node.right, right]] as const) {
        if (typed.type !== 'number') return ctx.report('type-mismatch', `"${node.op}" needs numbers, found ${describe(part, typed)}`, part);
      }
      return { kind: 'arith', type: 'number', op: node.op, left, right, ...span };
    }
    case 'age': {
      const value = check(ctx, node.value, scope, {});
      if (!value) return undefined;
      if (value.type !== 'date') return ctx.report('type-mismatch', `age() needs a date, found ${describe(node.value, value)}`, node.value);
      return { kind: 'age', type: 'number', value, ...span };
    }
    case 'distance': {
      const from = check(ctx, node.from, scope, { place: true });
      const to = check(ctx, node.to, scope, { place: true });
      if (!from || !to) return undefined;
      for (const [part, typed] of [[node.from, from], [node.to, to]] as const) {
        if (typed.type !== 'geopoint') {
          const what = `distance() needs geopoints (a geopoint field, a place or point(lat, lon)), found ${describe(part, typed)}`;
          const quotedPlace = part.kind === 'literal' && part.type === 'string' && ctx.env.places.has(part.value);
          return ctx.report('type-mismatch', what, part, '', quotedPlace ? `a place is named without quotes: ${quoteName(String(part.value))}` : undefined);
        }
      }
      return { kind: 'distance', type: 'distance', from, to, ...span };
    }
    case 'point':
      if (!(Math.abs(node.lat) <= 90)) return ctx.report('invalid-value', `latitude ${node.lat} out of range`, node, ', expected -90 to 90');
      if (!(Math.abs(node.lon) <= 180)) return ctx.report('invalid-value', `longitude ${node.lon} out of range`, node, ', expected -180 to 180');
      return { kind: 'point', type: 'geopoint', lat: node.lat, lon: node.lon, ...span };
    default:
      return assertNever(node);
  }
}

/** `node` checked as a condition: its type must be boolean. */
function condition(ctx: CheckContext, node: Expr, scope: Scope): TypedExpr | undefined {
  const typed = check(ctx, node, scope, {});
  if (typed === undefined || typed.type === 'boolean') return typed;
  return ctx.report('type-mismatch', `expected a condition (true or false), found ${describe(node, typed)}`, node);
}

function checkCompare(ctx: CheckContext, node: ExprOf<'compare'>, scope: Scope): TypedExpr | undefined {
  const member = segmentNamedAsValue(ctx, node, scope);
  if (member !== undefined) {
    const write = `${node.op === '!=' ? 'not ' : ''}in segment "${member.segment}"`;
    return ctx.report('unknown-field', `unknown field "${member.name}"`, node.left.kind === 'ref' ? node.left : node.right, '', `a segment's members are tested with ${write}`);
  }
  const left = check(ctx, node.left, scope, { label: true });
  const right = check(ctx, node.right, scope, { label: true, comparedWithText: left?.type === 'string' });
  if (!left || !right) return undefined;
  const span = spanProp(node);
  const leftIsLabel = left.kind === 'segmentation_label' || left.kind === 'model_label';
  const rightIsLabel = right.kind === 'segmentation_label' || right.kind === 'model_label';
  if (leftIsLabel || rightIsLabel) {
    const [label, labelNode, other, otherNode] = leftIsLabel ? [left, node.left, right, node.right] : [right, node.right, left, node.left];
    if ((node.op !== '=' && node.op !== '!=') || otherNode.kind !== 'literal' || otherNode.type !== 'string') {
      const with_ = node.op === '=' || node.op === '!=' ? describe(otherNode, other) : `"${node.op}"`;
      const what = `cannot compare ${describe(labelNode, label)} with ${with_}`;
      return ctx.report('type-mismatch', what, node, '', `compare it with "=" or "!=" to one of its segments`);
    }
    if (!checkLabel(ctx, label, otherNode)) return undefined;
  } else if (!comparable(left.type, right.type)) {
    const hint = left.type === 'duration' || right.type === 'duration' ? durationHint(node, left, right) : (listHint(node, left, right) ?? quotedLiteralHint(node.left, left, node.right, right));
    return ctx.report('type-mismatch', `cannot compare ${describe(node.left, left)} with ${describe(node.right, right)}`, node, '', hint);
  } else if (node.op !== '=' && node.op !== '!=' && !orderable(left.type)) {
    return ctx.report('type-mismatch', `cannot use "${node.op}" on ${describe(node.left, left)}`, node, '', 'use "=" or "!="');
  }
  return { kind: 'compare', type: 'boolean', op: node.op, left, right, ...span };
}

/** True when the string literal `item` is a segment of the segmentation or model behind `label`. */
function checkLabel(ctx: CheckContext, label: TypedExpr, item: Literal): boolean {
  const [owner, labels] =
    label.kind === 'segmentation_label'
      ? [label.segmentation, ctx.env.segmentations.get(label.segmentation)?.segments ?? []]
      : label.kind === 'model_label'
        ? [label.model, ctx.env.models.get(label.model)?.segments ?? []]
        : ['', []];
  if (item.type !== 'string') {
    ctx.report('type-mismatch', `cannot compare "${owner}" (segmentation) with ${describeText(item)} (${item.type})`, item);
    return false;
  }
  if (labels.includes(item.value)) return true;
  // `rf6 = "Meilleurs clients"`: a segment's display name where its id belongs.
  const names = label.kind === 'segmentation_label' ? ctx.env.segmentations.get(owner)?.names : undefined;
  const named = names?.get(item.value) ?? names?.get(item.value.toLowerCase());
  if (named !== undefined && labels.includes(named)) {
    ctx.report('unknown-label', `unknown label "${item.value}"`, item, '', `"${item.value}" is the name of the segment "${named}": rules name it by its id, "${named}"`);
    return false;
  }
  const hint = `the segments of "${owner}" are ${listNames(labels)}`;
  ctx.report('unknown-label', `unknown label "${item.value}"`, item, didYouMean(item.value, labels), hint);
  return false;
}

/** The items of `value in [...]`: each of the value's type (or a label of its segmentation). */
function checkItems(ctx: CheckContext, valueNode: Expr, value: TypedExpr, items: readonly Literal[]): IrLiteral[] | undefined {
  const isLabel = value.kind === 'segmentation_label' || value.kind === 'model_label';
  if (!isLabel && elementType(value.type) !== undefined) {
    return ctx.report('type-mismatch', `cannot use "in" on ${describe(valueNode, value)}`, valueNode, '', 'for a list field, use "contains any [...]"');
  }
  let ok = true;
  for (const item of items) {
    if (isLabel) ok = checkLabel(ctx, value, item) && ok;
    else if (!comparable(value.type, item.type)) {
      ctx.report('type-mismatch', `cannot compare ${describe(valueNode, value)} with ${describeText(item)} (${item.type})`, item);
      ok = false;
    }
  }
  return ok ? items.map(literal) : undefined;
}

function checkContains(ctx: CheckContext, node: ExprOf<'contains'>, scope: Scope): TypedExpr | undefined {
  const value = check(ctx, node.value, scope, {});
  const span = spanProp(node);
  if (node.mode === 'one') {
    if (node.operand.kind === 'list') {
      const hint = 'with a list, write "contains any [...]" or "contains all [...]"';
      return ctx.report('type-mismatch', '"contains" takes one value', node.operand, '', hint);
    }
    const operand = check(ctx, node.operand, scope, {});
    if (!value || !operand) return undefined;
    const wanted = value.type === 'string' ? 'string' : elementType(value.type);
    if (wanted === undefined || !comparable(wanted, operand.type) || operand.type === 'distance') {
      const what = `cannot test whether ${describe(node.value, value)} contains ${describe(node.operand, operand)}`;
      return ctx.report('type-mismatch', what, node, '', '"contains" needs text, or a list field and one of its elements');
    }
    return { kind: 'contains', type: 'boolean', mode: 'one', value, operand, ...span };
  }
  if (!value) return undefined;
  const element = elementType(value.type);
  if (element === undefined) {
    return ctx.report('type-mismatch', `"contains ${node.mode}" needs a list field, found ${describe(node.value, value)}`, node.value);
  }
  let ok = true;
  for (const item of node.operand.items) {
    if (item.type !== element) {
      ctx.report('type-mismatch', `cannot compare the elements of ${describe(node.value, value)} with ${describeText(item)} (${item.type})`, item);
      ok = false;
    }
  }
  return ok ? { kind: 'contains', type: 'boolean', mode: node.mode, value, items: node.operand.items.map(literal), ...span } : undefined;
}

/**
 * A quantifier or aggregate. Its source is always the owning customer's records or events, also
 * when it stands inside another `where` (scopes do not nest: inside its own `where` only its
 * source's names and `customer.f` are visible).
 */
function checkSourced(ctx: CheckContext, node: ExprOf<'quantifier'> | ExprOf<'aggregate'>): TypedExpr | undefined {
  const { env } = ctx;
  const fn = node.kind === 'aggregate' ? node.fn : node.quantifier;
  const collection = env.collections.get(node.source);
  const eventType = env.eventTypes.get(node.source);
  if (collection === undefined && eventType === undefined) {
    if (reportRefused(ctx, node.source, node, ['collection'])) return undefined;
    const names = [...env.collections.keys(), ...env.eventTypes.keys()];
    const nearest = nearestName(node.source, names);
    const wantsEvents = node.window !== undefined || fn === 'first' || fn === 'last';
    const likelyEvents = wantsEvents || (nearest !== undefined && env.eventTypes.has(nearest)) || env.collections.size === 0;
    const code = likelyEvents ? 'unknown-event-type' : 'unknown-collection';
    const hint = `the collections are ${listNames(env.collections.keys())}; the event types are ${listNames(env.eventTypes.keys())}`;
    return ctx.report(code, `unknown collection or event type "${node.source}"`, node, didYouMean(node.source, names), hint);
  }
  const source: IrSource = collection !== undefined ? { kind: 'collection', name: node.source } : { kind: 'event_type', name: node.source };
  const fields = (collection ?? eventType)!;
  const inner: Scope = { kind: source.kind, name: node.source, fields };
  const read = windowAsTest(ctx, node, inner);
  const where = read.where === undefined ? undefined : condition(ctx, read.where, inner);
  const window = read.window === undefined ? undefined : checkWindow(ctx, read.window, source);
  if ((read.where !== undefined && where === undefined) || (read.window !== undefined && window === undefined)) return undefined;
  const parts = { source, ...(where === undefined ? {} : { where }), ...(window === undefined ? {} : { window }), ...spanProp(node) };
  if (node.kind === 'quantifier') return { kind: 'quantifier', type: 'boolean', quantifier: node.quantifier, ...parts };

  const call = `${node.fn}(${node.source}${node.property === undefined ? '' : `.${node.property}`})`;
  if (node.fn === 'count' || node.fn === 'first' || node.fn === 'last') {
    if (node.property !== undefined) {
      return ctx.report('invalid-aggregate', `${node.fn}() takes no property`, node, `, write ${node.fn}(${node.source})`);
    }
    if (node.fn === 'count') return { kind: 'aggregate', type: 'number', fn: 'count', ...parts };
    if (source.kind === 'collection') {
      const what = `${call} needs an event type, "${node.source}" is a collection`;
      return ctx.report('invalid-aggregate', what, node, '', 'records have no time; events do');
    }
    return { kind: 'aggregate', type: 'timestamp', fn: node.fn, ...parts };
  }
  if (node.property === undefined) {
    const example = [...fields].find(([, t]) => t === 'number' || t === 'integer')?.[0] ?? 'amount';
    return ctx.report('invalid-aggregate', `${node.fn}() needs a numeric property`, node, `, write ${node.fn}(${node.source}.${example})`);
  }
  const fieldType = fields.get(node.property);
  if (fieldType === undefined) {
    if (reportRefused(ctx, `${node.source}.${node.property}`, node, ['field', 'property'])) return undefined;
    const [code, what] = source.kind === 'collection' ? (['unknown-field', 'field'] as const) : (['unknown-property', 'property'] as const);
    const hint = `the ${what === 'field' ? 'fields' : 'properties'} of "${node.source}" are ${listNames(fields.keys())}`;
    return ctx.report(code, `unknown ${what} "${node.property}"`, node, didYouMean(node.property, fields.keys()), hint);
  }
  if (fieldType !== 'number' && fieldType !== 'integer') {
    return ctx.report('type-mismatch', `${node.fn}() needs a numeric property, found "${node.source}.${node.property}" (${fieldType})`, node);
  }
  return { kind: 'aggregate', type: 'number', fn: node.fn, property: { name: node.property, fieldType }, ...parts };
}

type SourcedParts = Pick<ExprOf<'quantifier'>, 'where' | 'window'>;

/**
 * The parser reads `between DATE and DATE` or `within N units` just before the closing `)` as the
 * window (parser.ts), as in `any(visit where paid within 3 months)`. When the operand it follows
 * is not a condition (a date, a time, a number), that reading can only fail, and the rule means a
 * test of that operand: `any(pets where birth_date between 2015-01-01 and 2015-12-31)`,
 * `count(purchase where shipped within 3 days)`. Then the window becomes that test, the last one
 * of `where`; a condition before the window (a boolean field, a comparison) keeps it a window.
 */
function windowAsTest(ctx: CheckContext, node: ExprOf<'quantifier'> | ExprOf<'aggregate'>, scope: Scope): SourcedParts {
  const { where, window } = node;
  if (where === undefined || window === undefined) return { where, window };
  const last = lastOperand(where);
  const alone = check(new CheckContext(ctx.env), last, scope, {});
  if (alone === undefined || alone.type === 'boolean') return { where, window };
  const start = last.span?.start;
  const end = window.span?.end;
  const span = start !== undefined && end !== undefined ? { span: { start, end } } : {};
  const test: Expr =
    window.kind === 'within'
      ? { kind: 'within', value: last, duration: window.duration, ...span }
      : { kind: 'between', value: last, low: window.from, high: window.to, ...span };
  return { where: replaceLastOperand(where, test) };
}

/** The operand a test written after `where C` applies to: the rightmost of `and`, `or`, `not`. */
function lastOperand(node: Expr): Expr {
  if (node.kind === 'and' || node.kind === 'or') return lastOperand(node.right);
  if (node.kind === 'not') return lastOperand(node.operand);
  return node;
}

function replaceLastOperand(node: Expr, by: Expr): Expr {
  if (node.kind === 'and' || node.kind === 'or') return { ...node, right: replaceLastOperand(node.right, by) };
  if (node.kind === 'not') return { ...node, operand: replaceLastOperand(node.operand, by) };
  return by;
}

function checkWindow(ctx: CheckContext, window: NonNullable<ExprOf<'quantifier'>['window']>, source: IrSource): IrWindow | undefined {
  if (source.kind === 'collection') {
    const what = `a time window applies to events, and "${source.name}" is a collection`;
    return ctx.report('invalid-window', what, window, '', 'remove the window, or test a date field in "where"');
  }
  if (window.kind === 'within') return { kind: 'within', duration: duration(window.duration), ...spanProp(window) };
  if (window.from.value.slice(0, 10) > window.to.value.slice(0, 10)) {
    return ctx.report('invalid-window', `the window ends (${window.to.value}) before it starts (${window.from.value})`, window);
  }
  return { kind: 'between', from: dateLiteral(window.from), to: dateLiteral(window.to), ...spanProp(window) };
}

function literal(node: Literal): IrLiteral {
  const span = spanProp(node);
  switch (node.type) {
    case 'string':
      return { kind: 'literal', type: 'string', value: node.value, ...span };
    case 'number':
      return { kind: 'literal', type: 'number', value: node.value, ...span };
    case 'boolean':
      return { kind: 'literal', type: 'boolean', value: node.value, ...span };
    case 'date':
    case 'timestamp':
      return dateLiteral(node);
    default:
      return assertNever(node);
  }
}

function dateLiteral(node: DateOrTimestampLiteral): IrDateLiteral {
  return node.type === 'date'
    ? { kind: 'literal', type: 'date', value: node.value, ...spanProp(node) }
    : { kind: 'literal', type: 'timestamp', value: node.value, ...spanProp(node) };
}

function duration(node: ExprOf<'duration'>): IrDuration {
  return { kind: 'duration', type: 'duration', amount: node.amount, unit: node.unit, ...spanProp(node) };
}

/**
 * `birth_date < "1980-01-01"`, `email_opt_in = "true"`: a text the rule language reads as a value
 * of the other side's type once its quotes are removed (the parser decides, so the advice is
 * always accepted); `postcode = 1000`: a number compared with a text field.
 */
function quotedLiteralHint(leftNode: Expr, left: TypedExpr, rightNode: Expr, right: TypedExpr): string | undefined {
  const isLiteral = (node: Expr, type: string) => node.kind === 'literal' && node.type === type;
  const [number, textSide, textNode] = isLiteral(rightNode, 'number') ? [rightNode, left, leftNode] : isLiteral(leftNode, 'number') ? [leftNode, right, rightNode] : [];
  if (number?.kind === 'literal' && Number.isFinite(number.value) && textSide?.type === 'string' && textNode?.kind !== 'literal') return `a text is written in double quotes: "${String(number.value)}"`;
  const [literal, other] = isLiteral(rightNode, 'string') ? [rightNode, left] : isLiteral(leftNode, 'string') ? [leftNode, right] : [];
  if (literal?.kind !== 'literal' || other === undefined || other.type === 'string') return undefined;
  const text = String(literal.value).trim();
  if (text.includes('#')) return undefined; // a comment once unquoted
  const unquoted = parseRule(text);
  const value = unquoted.diagnostics.length === 0 ? unquoted.ast : undefined;
  return value?.kind === 'literal' && comparable(value.type, other.type) ? `write it without quotes: ${text}` : undefined;
}

/**
 * `conditions = "obesity"`: a list compared with one value of its elements' type is tested with
 * `contains` (`not … contains` for `!=`). Printed only then, from the checked literal.
 */
function listHint(node: ExprOf<'compare'>, left: TypedExpr, right: TypedExpr): string | undefined {
  const element = left.type === 'list<string>' ? 'string' : left.type === 'list<number>' ? 'number' : undefined;
  if (element === undefined || node.right.kind !== 'literal' || right.type !== element) return undefined;
  try {
    const contains = `${printRule(node.left)} contains ${printRule(node.right)}`;
    return `a list is tested with "contains": ${node.op === '!=' ? `not ${contains}` : contains}`;
  } catch {
    return undefined; // a value no rule text can hold (a number beyond doubles): no example then
  }
}

/** The event type a bare name at the customer's level means (`visit`), if it means one and nothing else. */
function eventTypeNamed(ctx: CheckContext, node: Expr, scope: Scope): string | undefined {
  if (node.kind !== 'ref' || node.path.length !== 1 || scope.kind !== 'customer') return undefined;
  const name = node.path[0]!;
  return ctx.env.eventTypes.has(name) && !ctx.env.customerFields.has(name) ? name : undefined;
}

/**
 * A duration compared with something else: with a date or time (`last(purchase) > 90 days`), the
 * relative date written with that duration; with a number (`age(birth_date) > 30 years`), no unit.
 */
function durationHint(node: ExprOf<'compare'>, left: TypedExpr, right: TypedExpr): string | undefined {
  const other = left.type === 'duration' ? right : left;
  if (other.type === 'number') return NO_UNIT_HINT;
  if (!isTemporal(other.type)) return undefined;
  const written = [node.left, node.right].find((side) => side.kind === 'duration');
  const ago = written?.kind === 'duration' ? `${printQuantity(written.amount, written.unit)} ago` : '30 days ago';
  return `a relative date is written "${ago}" (before it: < ${ago}; since it: >= ${ago})`;
}

/**
 * `segment = "senior-pets"` at the customer's level, where `segment` names nothing (no field,
 * segmentation or model of that id): the segment the rule names, to write as `in segment`.
 */
function segmentNamedAsValue(ctx: CheckContext, node: ExprOf<'compare'>, scope: Scope): { name: string; segment: string } | undefined {
  if (scope.kind !== 'customer' || (node.op !== '=' && node.op !== '!=')) return undefined;
  const [ref, value] = node.left.kind === 'ref' ? [node.left, node.right] : [node.right, node.left];
  if (ref.kind !== 'ref' || ref.path.length !== 1 || value.kind !== 'literal' || value.type !== 'string') return undefined;
  const name = ref.path[0]!;
  const { env } = ctx;
  if (!['segment', 'segments'].includes(name.toLowerCase()) || env.customerFields.has(name) || env.segmentations.has(name) || env.models.has(name)) return undefined;
  return env.segments.has(value.value) ? { name, segment: value.value } : undefined;
}
