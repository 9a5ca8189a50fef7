/**
 * AST → canonical rule text: one line, single spaces, lower-case keywords, plural units (singular
 * for 1: `1 day`), numbers in plain decimal, strings re-escaped, names in backticks only when they
 * need them, and only the parentheses the tree needs. `parseRule(printRule(ast))` gives back `ast`
 * (spans aside) for every AST that fits the schema with finite numbers.
 */
import type { DurationUnit, Expr, ListExpr, Literal, Window } from './ast.js';
import { formatNumber, quoteMember, quoteName, quoteString } from './literal-text.js';

/** The canonical text of a rule. Throws `RangeError` on a non-finite number (not a valid AST). */
export function printRule(ast: Expr): string {
  return print(ast, false);
}

/** Binding strength, loosest first: or · and · not · tests · + - · * / · primaries. */
function precedence(node: Expr): number {
  switch (node.kind) {
    case 'or':
      return 1;
    case 'and':
      return 2;
    case 'not':
      return 3;
    case 'compare':
    case 'between':
    case 'in':
    case 'is_null':
    case 'contains':
    case 'text_match':
    case 'within':
      return 4;
    case 'arith':
      return node.op === '+' || node.op === '-' ? 5 : 6;
    default:
      return 7;
  }
}

const OPERAND = 5;

/**
 * `node` as text, in parentheses when it binds looser than `min`. `trailing` is set on the
 * rightmost part of a `where` body that has no window after it: there a `within` test, or a
 * `between` of two date literals, would read as the window, so it is parenthesised.
 */
function child(node: Expr, min: number, trailing: boolean): string {
  if (precedence(node) < min || (trailing && readsAsWindow(node))) return `(${print(node, false)})`;
  return print(node, trailing);
}

function readsAsWindow(node: Expr): boolean {
  const isDate = (e: Expr): boolean => e.kind === 'literal' && (e.type === 'date' || e.type === 'timestamp');
  return node.kind === 'within' || (node.kind === 'between' && isDate(node.low) && isDate(node.high));
}

function print(node: Expr, trailing: boolean): string {
  switch (node.kind) {
    case 'or':
    case 'and': {
      const p = precedence(node);
      return `${child(node.left, p, false)} ${node.kind} ${child(node.right, p + 1, trailing)}`;
    }
    case 'not':
      return `not ${child(node.operand, 3, trailing)}`;
    case 'compare':
      return `${child(node.left, OPERAND, false)} ${node.op} ${child(node.right, OPERAND, false)}`;
    case 'between':
      return `${child(node.value, OPERAND, false)} between ${child(node.low, OPERAND, false)} and ${child(node.high, OPERAND, false)}`;
    case 'in':
      return `${child(node.value, OPERAND, false)} ${node.negated ? 'not in' : 'in'} ${printList(node.items)}`;
    case 'is_null':
      return `${child(node.value, OPERAND, false)} is ${node.negated ? 'not null' : 'null'}`;
    case 'contains': {
      const value = child(node.value, OPERAND, false);
      if (node.mode === 'one') return `${value} contains ${child(node.operand, OPERAND, false)}`;
      return `${value} contains ${node.mode} ${printList(node.operand)}`;
    }
    case 'text_match': {
      const op = node.op === 'starts_with' ? 'starts with' : node.op === 'ends_with' ? 'ends with' : 'matches';
      return `${child(node.value, OPERAND, false)} ${op} ${child(node.pattern, OPERAND, false)}`;
    }
    case 'within':
      return `${child(node.value, OPERAND, false)} within ${printQuantity(node.duration.amount, node.duration.unit)}`;
    case 'in_segment':
      return `in segment ${quoteString(node.segment)}`;
    case 'quantifier':
      return `${node.quantifier}(${printSource(node.source, undefined, node.where, node.window)})`;
    case 'aggregate':
      return `${node.fn}(${printSource(node.source, node.property, node.where, node.window)})`;
    case 'literal':
      return printLiteral(node);
    case 'list':
      return printList(node);
    case 'duration':
      return printQuantity(node.amount, node.unit);
    case 'ago':
      return `${printQuantity(node.amount, node.unit)} ago`;
    case 'distance_literal':
      return `${formatNumber(node.amount)} ${node.unit}`;
    case 'ref':
      return node.path.map((name, i) => (i === 0 ? quoteName(name) : quoteMember(name))).join('.');
    case 'arith': {
      const p = precedence(node);
      return `${child(node.left, p, false)} ${node.op} ${child(node.right, p + 1, false)}`;
    }
    case 'age':
      return `age(${print(node.value, false)})`;
    case 'distance':
      return `distance(${print(node.from, false)}, ${print(node.to, false)})`;
    case 'point':
      return `point(${formatNumber(node.lat)}, ${formatNumber(node.lon)})`;
    default:
      return unreachable(node);
  }
}

function printSource(source: string, property: string | undefined, where: Expr | undefined, window: Window | undefined): string {
  let text = quoteName(source);
  if (property !== undefined) text += `.${quoteMember(property)}`;
  if (where !== undefined) text += ` where ${child(where, 0, window === undefined)}`;
  if (window !== undefined) text += ` ${printWindow(window)}`;
  return text;
}

/** The text of a window: `within 6 months`, `between 2024-01-01 and 2024-03-31`. */
export function printWindow(window: Window): string {
  if (window.kind === 'within') return `within ${printQuantity(window.duration.amount, window.duration.unit)}`;
  return `between ${window.from.value} and ${window.to.value}`;
}

function printLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return quoteString(literal.value);
    case 'number':
      return formatNumber(literal.value);
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'date':
    case 'timestamp':
      return literal.value;
    default:
      return unreachable(literal);
  }
}

function printList(list: ListExpr): string {
  return `[${list.items.map(printLiteral).join(', ')}]`;
}

/** `90 days`, `1 month`: a duration as rules write it. */
export function printQuantity(amount: number, unit: DurationUnit): string {
  return `${formatNumber(amount)} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}

function unreachable(value: never): never {
  throw new Error(`unexpected node ${JSON.stringify(value)}`);
}
