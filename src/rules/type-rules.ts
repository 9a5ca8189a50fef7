/**
 * Which types go together, and how operands are named in type errors.
 *
 * Comparison families: text (`string`); numbers (`number`, `integer`); times (`date`,
 * `timestamp`, and what `N units ago`, `first()` and `last()` give); booleans; distances
 * (`distance()` and `20 km`, also comparable with a plain number read as km). Geopoints, lists and
 * durations are not comparable. Ordering (`<`, `between`) is for every family but booleans.
 */
import type { Expr } from './ast.js';
import type { IrType, TypedExpr } from './ir.js';
import { printRule } from './printer.js';

type Family = 'text' | 'number' | 'time' | 'boolean' | 'distance';

function family(type: IrType): Family | undefined {
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'date':
    case 'timestamp':
      return 'time';
    case 'boolean':
      return 'boolean';
    case 'distance':
      return 'distance';
    default:
      return undefined;
  }
}

/** True when values of types `a` and `b` can be compared with `=`. */
export function comparable(a: IrType, b: IrType): boolean {
  const fa = family(a);
  const fb = family(b);
  if (fa === undefined || fb === undefined) return false;
  return fa === fb || (fa === 'distance' && fb === 'number') || (fa === 'number' && fb === 'distance');
}

/** True when values of type `t` can be ordered with `<` or `between`. */
export function orderable(type: IrType): boolean {
  const f = family(type);
  return f !== undefined && f !== 'boolean';
}

export function isTemporal(type: IrType): boolean {
  return type === 'date' || type === 'timestamp';
}

/** The element type of a list type. */
export function elementType(type: IrType): IrType | undefined {
  if (type === 'list<string>') return 'string';
  if (type === 'list<number>') return 'number';
  return undefined;
}

/**
 * An operand as messages show it: a name in quotes, anything else as printed, then its type
 * (the declared type for fields): `"language" (string)`, `3 (number)`, `count(pets) (number)`.
 */
export function describe(node: Expr, typed: TypedExpr): string {
  return `${describeText(node)} (${describeType(typed)})`;
}

/** An operand's text: `"language"`, `3`, `count(pets)` (shortened past 40 characters). */
export function describeText(node: Expr): string {
  if (node.kind === 'ref') return `"${node.path.join('.')}"`;
  let text: string;
  try {
    text = printRule(node);
  } catch {
    text = node.kind;
  }
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function describeType(typed: TypedExpr): string {
  if (typed.kind === 'segmentation_label') return 'segmentation';
  if (typed.kind === 'model_label') return 'model segments';
  return 'fieldType' in typed ? typed.fieldType : typed.type;
}
