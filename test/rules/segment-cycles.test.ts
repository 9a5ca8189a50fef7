import { describe, expect, test } from 'vitest';
import { findSegmentCycles, type Expr } from '../../src/rules/index.js';
import { CLINIC_RULES } from './clinic-environment.js';
import { parseOk } from './helpers.js';

const segments = (rules: Record<string, string>): Map<string, Expr> => new Map(Object.entries(rules).map(([id, text]) => [id, parseOk(text)]));

describe('segment cycles', () => {
  test('none in the clinic fixture, nor in a chain', () => {
    expect(findSegmentCycles(new Map([...CLINIC_RULES].map(([id, text]) => [id, parseOk(text)])))).toEqual([]);
    expect(findSegmentCycles(segments({ a: 'in segment "b"', b: 'in segment "c"', c: 'x', d: 'in segment "a" and in segment "c"' }))).toEqual([]);
  });

  test('a → b → a, at the in segment that closes it', () => {
    const found = findSegmentCycles(segments({ a: 'x and in segment "b"', b: 'y = 1\nor in segment "a"' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'segment-cycle',
      message: 'segment cycle: a → b → a at 2:4',
      rule: 'b',
      span: { start: { line: 2, column: 4 }, end: { line: 2, column: 18 } },
    });
  });

  test('a segment that includes itself, also inside where', () => {
    expect(findSegmentCycles(segments({ a: 'any(pets where in segment "a")' }))[0]!.message).toBe('segment cycle: a → a at 1:16');
  });

  test('longer cycles, each reported once; unknown segments are ignored', () => {
    const found = findSegmentCycles(
      segments({ a: 'in segment "b"', b: 'in segment "c" or in segment "zz"', c: 'in segment "a"', d: 'in segment "d"' }),
    );
    expect(found.map((d) => [d.message, d.rule])).toEqual([
      ['segment cycle: a → b → c → a at 1:1', 'c'],
      ['segment cycle: d → d at 1:1', 'd'],
    ]);
  });
});
