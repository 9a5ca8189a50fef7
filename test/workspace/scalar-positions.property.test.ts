/**
 * The map from a scalar's value back to segmenta.yaml, on texts written by the yaml package itself
 * in every style and line width (so with folding, escapes, indentation indicators and chomping):
 * the value rebuilt from the source must be the package's, and each character must sit where it
 * was written.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Document, isScalar, parseDocument, Scalar, type Node } from 'yaml';
import { sourceOffsets } from '../../src/workspace/scalar-positions.js';

const STYLES = [Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
const PIECES = ['any', 'agex', 'é', '🐈', ' ', '  ', '\t', '\n', '\n\n', '"', "'", "''", '\\', '# x', ': ', '-', '\u00a0', '\x07'];
/** Rule-like words, which stay plain when folded over lines. */
const WORDS = ['any(pets', 'where', 'agex', '>=', '10)', 'name', '=', '"Zoé"', '🐈', 'and'];

/** A rule value, written in `style` under a segment (or as an item of a feature list) by the yaml package. */
const written = fc.record({
  value: fc.oneof(
    fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }).map((p) => p.join('')),
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 20 }).map((w) => w.join(' ')),
  ),
  style: fc.constantFrom(...STYLES),
  lineWidth: fc.constantFrom(0, 12, 20, 40, 80),
  inSequence: fc.boolean(),
  crlf: fc.boolean(),
});

function scalarOf(node: Node | null): Scalar | undefined {
  return node !== null && isScalar(node) ? node : undefined;
}

describe('scalar positions', () => {
  test('rebuild the value of every style and place each character where it is written', () => {
    fc.assert(
      fc.property(written, ({ value, style, lineWidth, inSequence, crlf }) => {
        const doc = new Document({ segments: { s: { rule: inSequence ? ['count(visit)', ''] : '' } } });
        const scalar = doc.createNode(value);
        scalar.type = style;
        doc.setIn(inSequence ? ['segments', 's', 'rule', 1] : ['segments', 's', 'rule'], scalar);
        let source = doc.toString({ lineWidth, minContentWidth: 0 });
        if (crlf) source = source.replace(/\n/g, '\r\n');
        const parsed = parseDocument(source, { keepSourceTokens: true });
        if (parsed.errors.length > 0) return;
        const path = inSequence ? ['segments', 's', 'rule', 1] : ['segments', 's', 'rule'];
        const node = scalarOf(parsed.getIn(path, true) as Node | null);
        if (node === undefined || typeof node.value !== 'string') return;
        const [start, end] = node.range!;
        const token = node.srcToken;
        const offsets = sourceOffsets(source, {
          style: node.type as (typeof STYLES)[number],
          start,
          end,
          parentIndent: token !== undefined && 'indent' in token ? token.indent : 0,
          value: node.value,
        });
        expect(offsets, `${node.type} in\n${source}`).toBeDefined();
        expect(offsets).toHaveLength(node.value.length + 1);
        for (const [i, at] of offsets!.entries()) {
          expect(at).toBeGreaterThanOrEqual(i === 0 ? start : offsets![i - 1]!);
          expect(at).toBeLessThanOrEqual(end);
          if (i === node.value.length) continue;
          const char = node.value[i]!;
          // A character is copied, or comes from an escape (at its backslash), or from folding.
          const fromSource = source[at] === char || source[at] === '\\' || (char === "'" && source.startsWith("''", at)) || /[ \n\t]/.test(char);
          expect(fromSource, `character ${i} (${JSON.stringify(char)}) of ${JSON.stringify(node.value)} at ${at} in\n${source}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
