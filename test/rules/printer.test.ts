import { describe, expect, test } from 'vitest';
import { printRule, type Expr } from '../../src/rules/index.js';
import { CLINIC_RULES } from './clinic-environment.js';
import { expectRoundTrip } from './helpers.js';

describe('canonical printing (golden)', () => {
  test.each([
    [CLINIC_RULES.get('cats-ckd-fr-20km')!, 'language = "fr" and distance(home, clinic) < 20 km and any(pets where species = "cat" and conditions contains "chronic kidney disease")'],
    ['NOT   x', 'not x'],
    ['not not x', 'not not x'],
    ['a AND (b AND c)', 'a and (b and c)'],
    ['(a and b) and c', 'a and b and c'],
    ['(a or b) and c', '(a or b) and c'],
    ['a or (b and c)', 'a or b and c'],
    ['(a or b) or (c or d)', 'a or b or (c or d)'],
    ['not (a = 1)', 'not a = 1'],
    ['(not a) = true', '(not a) = true'],
    ['not (a and b)', 'not (a and b)'],
    ['(a = b) = c', '(a = b) = c'],
    ['a = (b in [1])', 'a = (b in [1])'],
    ['(x - y) - z', 'x - y - z'],
    ['x - (y - z)', 'x - (y - z)'],
    ['x + (y * z)', 'x + y * z'],
    ['(x + y) * z', '(x + y) * z'],
    ['x / (y / z)', 'x / (y / z)'],
    ['-3 * -4.50 > - 2', '-3 * -4.5 > -2'],
    ['x - -3 = 0', 'x - -3 = 0'],
    ['x = 007.10', 'x = 7.1'],
    ['x between (a and b) and c', 'x between (a and b) and c'],
    ['x between 1 + 1 and 2', 'x between 1 + 1 and 2'],
    ['x in [ 1,2 ,3 ]', 'x in [1, 2, 3]'],
    ['x NOT IN ["a"]', 'x not in ["a"]'],
    ['x IS NOT NULL', 'x is not null'],
    ['x contains ANY ["a","b"]', 'x contains any ["a", "b"]'],
    ['x starts  with "a" and y ENDS WITH "b" and z Matches "^c"', 'x starts with "a" and y ends with "b" and z matches "^c"'],
    ['d >= 1 days ago and d < 2 day ago and d within 1 DAYS', 'd >= 1 day ago and d < 2 days ago and d within 1 day'],
    ['d within 12 Month', 'd within 12 months'],
    ['distance(home,clinic)<20KM', 'distance(home, clinic) < 20 km'],
    ['distance(home, point( -46.50 , 6.6 )) < 500 M', 'distance(home, point(-46.5, 6.6)) < 500 m'],
    ['IN   SEGMENT "senior-pets"', 'in segment "senior-pets"'],
    ['x = "O\'Neil" or x = "Zoé" or x = "a\\"b" or x = "\\u00e9\\t\\n\\\\"', 'x = "O\'Neil" or x = "Zoé" or x = "a\\"b" or x = "é\\t\\n\\\\"'],
    ['x = "\\u0001\\u007F"', 'x = "\\u0001\\u007F"'],
    ['`e-mail` = `in` and `count` = 1 and `ok` = 2', '`e-mail` = `in` and count = 1 and ok = 2'],
    ['customer.`and` = rfm.`m`', 'customer.and = rfm.m'],
    ['`Not` = 1 and `TRUE` = 2', '`Not` = 1 and `TRUE` = 2'],
    ['any(visit where paid within 3 months)', 'any(visit where paid within 3 months)'],
    ['any(visit where (paid within 3 months))', 'any(visit where (paid within 3 months))'],
    ['any(visit where (paid within 3 months) within 1 year)', 'any(visit where paid within 3 months within 1 year)'],
    ['any(visit where a and not (paid within 3 months))', 'any(visit where a and not (paid within 3 months))'],
    ['any(visit where (paid within 3 months) and a)', 'any(visit where paid within 3 months and a)'],
    ['any(p where (d between 2024-01-01 and 2024-02-01))', 'any(p where (d between 2024-01-01 and 2024-02-01))'],
    ['any(p where d between 1 and 2)', 'any(p where d between 1 and 2)'],
    ['COUNT( purchase.amount WHERE x BETWEEN 2024-01-01 AND 2024-03-31 )', 'count(purchase.amount where x between 2024-01-01 and 2024-03-31)'],
    ['last(visit) > 2024-01-01T08:00:00+01:00', 'last(visit) > 2024-01-01T08:00:00+01:00'],
    ['age(birth_date) >= 18', 'age(birth_date) >= 18'],
  ])('%s', (text, canonical) => {
    expect(expectRoundTrip(text)).toBe(canonical);
  });

  test('numbers are written in plain decimal, whatever their size', () => {
    const print = (value: number): string => printRule({ kind: 'literal', type: 'number', value });
    expect(print(1e21)).toBe('1000000000000000000000');
    expect(print(1.5e-7)).toBe('0.00000015');
    expect(print(-2.5e-10)).toBe('-0.00000000025');
    expect(print(-0)).toBe('0');
    expect(Number(print(Number.MAX_VALUE))).toBe(Number.MAX_VALUE);
    expect(Number(print(Number.MIN_VALUE))).toBe(Number.MIN_VALUE);
    expect(() => print(Number.NaN)).toThrow(RangeError);
  });

  test('strings escape what the lexer needs escaped, and only that', () => {
    const print = (value: string): string => printRule({ kind: 'literal', type: 'string', value });
    expect(print('a\rb')).toBe('"a\\u000Db"');
    expect(print('\ud800x')).toBe('"\\uD800x"');
    expect(print('😀')).toBe('"😀"');
    expect(print('#`\'')).toBe('"#`\'"');
  });

  test('hand-built ASTs without spans print', () => {
    const ast: Expr = {
      kind: 'aggregate',
      fn: 'sum',
      source: 'purchase',
      property: 'amount',
      where: { kind: 'contains', mode: 'one', value: { kind: 'ref', path: ['categories'] }, operand: { kind: 'literal', type: 'string', value: 'surgery' } },
      window: { kind: 'within', duration: { kind: 'duration', amount: 12, unit: 'months' } },
    };
    expect(printRule(ast)).toBe('sum(purchase.amount where categories contains "surgery" within 12 months)');
  });
});
