import { expect } from 'vitest';
import { astEquals, parseRule, printRule, type Expr } from '../../src/rules/index.js';

/** The AST of `text`, failing the test with the diagnostics when it does not parse. */
export function parseOk(text: string): Expr {
  const result = parseRule(text);
  expect(result.diagnostics.map((d) => d.message), text).toEqual([]);
  return result.ast!;
}

/** Asserts print → parse gives back the same AST, and that printing is stable. Returns the canonical text. */
export function expectRoundTrip(text: string): string {
  const ast = parseOk(text);
  const printed = printRule(ast);
  const again = parseOk(printed);
  expect(astEquals(again, ast), `${text}\n→ ${printed}`).toBe(true);
  expect(printRule(again)).toBe(printed);
  return printed;
}

/** The one diagnostic message of a text that must not parse. */
export function syntaxError(text: string): string {
  const result = parseRule(text);
  expect(result.ast, text).toBeUndefined();
  expect(result.diagnostics).toHaveLength(1);
  expect(result.diagnostics[0]!.code).toBe('syntax');
  return result.diagnostics[0]!.message;
}
