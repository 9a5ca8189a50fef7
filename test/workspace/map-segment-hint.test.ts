import { describe, expect, test } from 'vitest';
import { mapSegmentHint } from '../../src/workspace/map-segment-hint.js';

describe('the cells a map segment written as a condition means', () => {
  test('conjunctions of comparisons of r and f with scores', () => {
    expect(mapSegmentHint('top', 'r >= 4 and f >= 4')).toBe('write it as top: { r: "4..5", f: "4..5" }');
    expect(mapSegmentHint('a', 'r > 3 && f < 3')).toBe('write it as a: { r: "4..5", f: "1..2" }');
    expect(mapSegmentHint('b', 'R = 5')).toBe('write it as b: { r: 5 }');
    expect(mapSegmentHint('c', '(r in 2..3) and f == 1')).toBe('write it as c: { r: "2..3", f: 1 }');
    expect(mapSegmentHint('d', 'f <= 4 and f >= 2 and r < 2')).toBe('write it as d: { r: 1, f: "2..4" }');
    expect(mapSegmentHint('rest', 'TRUE')).toBe('write it as rest: {} (without r and f, a segment takes every cell the segments above it left)');
    expect(mapSegmentHint('all', 'r >= 1')).toBe('write it as all: {} (without r and f, a segment takes every cell the segments above it left)');
  });

  test('anything else gets no hint', () => {
    for (const text of ['r >= 4 or f >= 4', 'r > 5', 'r >= 4 and r <= 3', 'm >= 3', 'r >= 6', 'recency <= 30', 'not r = 1', '']) expect(mapSegmentHint('x', text)).toBeUndefined();
    expect(mapSegmentHint('x', 5)).toBeUndefined();
    expect(mapSegmentHint('x', null)).toBeUndefined();
  });
});
