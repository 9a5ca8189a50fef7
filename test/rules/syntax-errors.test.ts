import { describe, expect, test } from 'vitest';
import { parseRule } from '../../src/rules/index.js';
import { syntaxError } from './helpers.js';

describe('syntax errors say what was expected, where, and what was found', () => {
  test.each([
    ['language = ', 'expected a value after "=" at 1:12, found end of rule'],
    ['language =', 'expected a value after "=" at 1:11, found end of rule'],
    ['language =\n\n', 'expected a value after "=" at 1:11, found end of rule'],
    ['', 'expected a condition at 1:1, found end of rule'],
    ['   # only a comment', 'expected a condition at 1:4, found end of rule'],
    ['language = "fr" and', 'expected a condition after "and" at 1:20, found end of rule'],
    ['language = "fr"\nand and x', 'expected a condition after "and" at 2:5, found "and"'],
    ['a = = 1', 'expected a value after "=" at 1:5, found "="'],
    ['a = 1 b', 'expected "and", "or" or the end of the rule at 1:7, found "b"'],
    ['a = 1 = 2', 'expected "and", "or" or the end of the rule at 1:7, found "="'],
    ['(a = 1', 'expected ")" at 1:7, found end of rule'],
    ['a = 1)', 'expected "and", "or" or the end of the rule at 1:6, found ")"'],
    ['a in 1', 'expected a list "[...]" after "in" at 1:6, found "1"'],
    ['a not in "x"', 'expected a list "[...]" after "not in" at 1:10, found "x"'],
    ['a in [1, ]', 'expected a literal (text, number, true, false or a date) in the list at 1:10, found "]"'],
    ['a in [1 2]', 'expected "," or "]" in the list at 1:9, found "2"'],
    ['a in [x]', 'expected a literal (text, number, true, false or a date) in the list at 1:7, found "x"'],
    ['a is nul', 'expected "null" after "is" at 1:6, found "nul"'],
    ['a starts "x"', 'expected "with" after "starts" at 1:10, found "x"'],
    ['a between 1 or 2', 'expected "and" between the bounds of "between" at 1:13, found "or"'],
    ['a = -x', 'expected a number after "-" at 1:6, found "x"'],
    ['a within 3', 'expected a unit (hours, days, weeks, months or years) after "3" at 1:11, found end of rule'],
    ['a within soon', 'expected a duration such as "90 days" after "within" at 1:10, found "soon"'],
    ['a > -3 days ago', 'a duration cannot be negative at 1:5, found "-"'],
    ['a > 1.5 days ago', 'expected a whole number before "days" at 1:5, found "1.5"'],
    ['a = null', 'expected a value after "=" at 1:5, found "null"'],
    ['and = 1', 'expected a condition at 1:1, found "and"'],
    ['lower(x) = "a"', 'unknown function "lower" at 1:1'],
    ['agee(birth_date) > 10', 'unknown function "agee" at 1:1, did you mean "age"?'],
    ['cuont(visit) > 1', 'unknown function "cuont" at 1:1, did you mean "count"?'],
    ['any(pets where)', 'expected a condition after "where" at 1:15, found ")"'],
    ['any(pets where a = 1', 'expected "and", "or", a time window or ")" at 1:21, found end of rule'],
    ['any(pets.name)', 'expected "where", a time window or ")" at 1:9, found "."'],
    ['count(purchase amount)', 'expected ".", "where", a time window or ")" at 1:16, found "amount"'],
    ['count(purchase within 1.5 days)', 'expected a whole number before "days" at 1:23, found "1.5"'],
    ['count(visit between 2024-01-01 and soon)', 'expected a date after "and" (a window is between two dates) at 1:36, found "soon"'],
    ['count(visit within 3 days x)', 'expected ")" at 1:27, found "x"'],
    ['count()', 'expected a collection or event type after "count(" at 1:7, found ")"'],
    ['any(where)', 'expected a collection or event type after "any(" at 1:5, found "where"'],
    ['in "x"', 'expected "segment" after "in" at 1:4, found "x"'],
    ['in segment x', 'expected the id of a segment in double quotes after "in segment" at 1:12, found "x"'],
    ['distance(home clinic) < 1', 'expected "," and a place after the first argument of "distance" at 1:15, found "clinic"'],
    ['distance(home, point(a, 1)) < 1', 'expected a number (the latitude) after "point(" at 1:22, found "a"'],
    ['age(birth_date >= 3', 'expected ")" after the argument of "age" at 1:20, found end of rule'],
    ['a. = 1', 'expected a name after "." at 1:4, found "="'],
  ])('%j', (text, message) => {
    expect(syntaxError(text)).toBe(message);
  });

  test.each([
    ['x = 2024-02-30', 'invalid date "2024-02-30" at 1:5, 2024-02 has 29 days'],
    ['x = 2023-02-29', 'invalid date "2023-02-29" at 1:5, 2023-02 has 28 days'],
    ['x = 2024-13-01', 'invalid date "2024-13-01" at 1:5, there is no month 13'],
    ['x = 2024-2-29', 'invalid date "2024-2-29" at 1:5, expected YYYY-MM-DD'],
    ['x = 2024-02-29T25:00:00', 'invalid date and time "2024-02-29T25:00:00" at 1:5, there is no hour 25'],
    ['x = 2024-02-29T10:61', 'invalid date and time "2024-02-29T10:61" at 1:5, there is no minute 61'],
    ['x = 2024-02-29t10:00', 'invalid date and time "2024-02-29t10:00" at 1:5, expected YYYY-MM-DDTHH:MM[:SS[.fraction]][Z or +HH:MM]'],
    ['x = 2024-02-29T10:00+25:00', 'invalid date and time "2024-02-29T10:00+25:00" at 1:5, there is no offset +25:00'],
    ['language = "fr', 'unterminated string at 1:12, expected a closing " before the end of the line'],
    ['language = "fr\n"', 'unterminated string at 1:12, expected a closing " before the end of the line'],
    ['x = "a\\qb"', 'invalid escape "\\q" in a string at 1:7, expected \\", \\\\, \\n, \\t or \\uXXXX'],
    ['x = "\\u00G9"', 'invalid escape "\\u" in a string at 1:6, expected four hexadecimal digits: \\u00E9'],
    ["x = 'fr'", 'unexpected character "\'" at 1:5'],
    ['prénom = "x"', 'unexpected character "é" at 1:3'],
    ['`` = 1', 'empty name at 1:1, a name in backticks needs at least one character'],
    ['`e-mail = 1', 'unterminated name at 1:1, expected a closing ` before the end of the line'],
    ['a = 1 and\n  b = 2024-02-30', 'invalid date "2024-02-30" at 2:7, 2024-02 has 29 days'],
  ])('lexical: %j', (text, message) => {
    expect(syntaxError(text)).toBe(message);
  });

  test('an earlier syntax error is reported before a later lexical one', () => {
    expect(syntaxError('a = = "unterminated')).toBe('expected a value after "=" at 1:5, found "="');
  });

  test('spans point at the text at fault, and hints help', () => {
    const [d] = parseRule('x = 2024-02-30 and y').diagnostics;
    expect(d!.span).toEqual({ start: { line: 1, column: 5, offset: 4 }, end: { line: 1, column: 15, offset: 14 } });
    expect(parseRule("x = 'fr'").diagnostics[0]!.hint).toBe('strings are written in double quotes: "O\'Neil"');
    expect(parseRule('prénom = 1').diagnostics[0]!.hint).toContain('backticks');
    expect(parseRule('a = null').diagnostics[0]!.hint).toBe('test for a missing value with "is null" or "is not null"');
    expect(parseRule('and = 1').diagnostics[0]!.hint).toBe('"and" is a keyword: write it in backticks to use it as a name');
    expect(parseRule('(a = 1').diagnostics[0]!.hint).toBe('to close the "(" at 1:1');
  });
});

test('the keyword hint only comes when a keyword looks used as a name', () => {
  expect(parseRule('a and and b').diagnostics[0]!.hint).toBeUndefined();
});

test('deep nesting is refused with a message, not a stack overflow', () => {
  expect(syntaxError(`${'('.repeat(5000)}a${')'.repeat(5000)}`)).toBe('expected a rule nested at most 200 levels deep at 1:201, found "("');
  expect(syntaxError(`${'not '.repeat(5000)}a`)).toMatch(/^expected a rule nested at most 200 levels deep at 1:/);
  expect(parseRule(`${'('.repeat(150)}a${')'.repeat(150)}`).diagnostics).toEqual([]);
});
