/**
 * Equality of ASTs ignores where they came from: spans are dropped, and so are properties whose
 * value is `undefined` (an absent `where` and `where: undefined` are the same rule).
 */
import type { Expr } from './ast.js';

/** A deep copy of `ast` without any `span` (at every depth) and without `undefined` properties. */
export function stripSpans<T extends Expr>(ast: T): T {
  return strip(ast) as T;
}

/** True when `a` and `b` are the same rule, spans aside. */
export function astEquals(a: Expr, b: Expr): boolean {
  return equal(a, b);
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key !== 'span' && v !== undefined) out[key] = strip(v);
    }
    return out;
  }
  return value;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equal(item, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const keysA = meaningfulKeys(a);
  const keysB = meaningfulKeys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function meaningfulKeys(o: object): string[] {
  return Object.entries(o)
    .filter(([key, v]) => key !== 'span' && v !== undefined)
    .map(([key]) => key);
}
