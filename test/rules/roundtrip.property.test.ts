import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, test } from 'vitest';
import { ExprSchema } from '../../src/rules/ast.js';
import { astEquals } from '../../src/rules/ast-equality.js';
import { parseRule } from '../../src/rules/parser.js';
import { printRule } from '../../src/rules/printer.js';
import { expr, exprArbitrary } from './arbitraries.js';

describe('print then parse', () => {
  test('gives back every AST (spans aside)', () => {
    fc.assert(
      fc.property(expr, (ast) => {
        expect(Value.Check(ExprSchema, ast)).toBe(true);
        const text = printRule(ast);
        const parsed = parseRule(text);
        expect(parsed.diagnostics, text).toEqual([]);
        expect(astEquals(parsed.ast!, ast), text).toBe(true);
        expect(Value.Check(ExprSchema, parsed.ast)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('gives back deep ASTs', () => {
    fc.assert(
      fc.property(exprArbitrary('medium'), (ast) => {
        const text = printRule(ast);
        expect(astEquals(parseRule(text).ast!, ast), text).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('printing is canonical: print(parse(print(ast))) = print(ast)', () => {
    fc.assert(
      fc.property(expr, (ast) => {
        const text = printRule(ast);
        expect(printRule(parseRule(text).ast!)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
