/**
 * A custom map's segment written as a condition, as a rule would test it (`champions: "r >= 4 and
 * f >= 4"`): the same cells written as the map takes them, for the error's hint. Only conjunctions
 * of comparisons of r or f with a score (and `r in 2..3`) are read; anything else gets no hint.
 */

type Bounds = [low: number, high: number];

/** `champions: { r: "4..5", f: "4..5" }` for `champions: "r >= 4 and f >= 4"`; undefined when the text is not such a condition. */
export function mapSegmentHint(id: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cells = cellsOfCondition(value);
  if (cells === undefined) return undefined;
  const rest = cells === '{}' ? ' (without r and f, a segment takes every cell the segments above it left)' : '';
  return `write it as ${id}: ${cells}${rest}`;
}

function cellsOfCondition(text: string): string | undefined {
  const bounds: Record<'r' | 'f', Bounds> = { r: [1, 5], f: [1, 5] };
  const condition = text.trim();
  if (condition.toLowerCase() !== 'true') {
    for (const part of condition.split(/\s+and\s+|\s*&&\s*/i)) {
      const test = /^\(?\s*([rf])\s*(>=|<=|==|=|>|<)\s*([1-5])\s*\)?$/i.exec(part.trim());
      const range = /^\(?\s*([rf])\s+in\s+([1-5])\s*\.\.\s*([1-5])\s*\)?$/i.exec(part.trim());
      if (test) narrow(bounds[test[1]!.toLowerCase() as 'r' | 'f'], test[2]!, Number(test[3]));
      else if (range) {
        const b = bounds[range[1]!.toLowerCase() as 'r' | 'f'];
        narrow(b, '>=', Number(range[2]));
        narrow(b, '<=', Number(range[3]));
      } else return undefined;
    }
  }
  if (bounds.r[0] > bounds.r[1] || bounds.f[0] > bounds.f[1]) return undefined;
  const score = ([low, high]: Bounds) => (low === high ? `${low}` : `"${low}..${high}"`);
  const settings = (['r', 'f'] as const).filter((k) => bounds[k][0] > 1 || bounds[k][1] < 5).map((k) => `${k}: ${score(bounds[k])}`);
  return settings.length === 0 ? '{}' : `{ ${settings.join(', ')} }`;
}

function narrow(b: Bounds, op: string, n: number): void {
  if (op === '>=' || op === '>' || op === '=' || op === '==') b[0] = Math.max(b[0], op === '>' ? n + 1 : n);
  if (op === '<=' || op === '<' || op === '=' || op === '==') b[1] = Math.min(b[1], op === '<' ? n - 1 : n);
}
