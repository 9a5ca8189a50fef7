/**
 * A rule written in segmenta.yaml is reported where it stands in the file, whatever the YAML style
 * of its scalar: each test writes the clinic fixture's workspace with one rule changed, and checks
 * the line and column of the diagnostic against the place of the faulty text found in the source,
 * and the caret of the human output under it. Columns count UTF-16 units, as everywhere else.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderWorkspaceDiagnostics } from '../../src/cli/render-diagnostics.js';
import { Output } from '../../src/cli/output.js';
import { checkWorkspace } from '../../src/workspace/check.js';
import { FIXTURE, workspaceWith } from '../support/workspace.js';

const FIXTURE_YAML = await readFile(path.join(FIXTURE, 'segmenta.yaml'), 'utf8');
const SENIOR_RULE = '    rule: any(pets where age(birth_date) >= 10)\n';

/** The fixture's workspace with the rule of `senior-pets` written as `value` (after `rule: `). */
function withSeniorRule(value: string): string {
  expect(FIXTURE_YAML).toContain(SENIOR_RULE);
  return FIXTURE_YAML.replace(SENIOR_RULE, `    rule: ${value}\n`);
}

/** Line and column (UTF-16 units, 1-based) of the only occurrence of `needle` in `source`. */
function placeOf(source: string, needle: string): { line: number; column: number } {
  const at = source.indexOf(needle);
  expect(at, `"${needle}" in the source`).toBeGreaterThan(-1);
  expect(source.indexOf(needle, at + 1), `"${needle}" once in the source`).toBe(-1);
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  return { line: source.slice(0, at).split('\n').length, column: at - lineStart + 1 };
}

const plain = new Output({ json: false }, { isTTY: false } as NodeJS.WriteStream, { isTTY: false } as NodeJS.WriteStream);

interface Expected {
  /** The diagnostic's `where` (default the rule of `senior-pets`). */
  readonly where?: string;
  readonly code?: string;
  /** Characters from the needle's start to the diagnostic's (on the same line). */
  readonly shift?: number;
  /** How many carets underline it (default the needle's length: an unknown name is underlined whole). */
  readonly width?: number;
}

/**
 * Checks the workspace `yaml` and expects one diagnostic of `where`, at `needle`: its line, column,
 * message, and the caret of the human rendering under the needle's first character.
 */
async function expectDiagnosticAt(yaml: string, needle: string, expected: Expected = {}): Promise<void> {
  const { where = 'segments.senior-pets.rule', code, shift = 0, width = needle.length } = expected;
  const result = await checkWorkspace(await workspaceWith(yaml));
  const found = result.diagnostics.filter((d) => d.where === where);
  expect(found, JSON.stringify(result.diagnostics)).toHaveLength(1);
  const [d] = found;
  const at = placeOf(yaml, needle);
  const { line, column } = { line: at.line, column: at.column + shift };
  expect({ line: d!.line, column: d!.column }).toEqual({ line, column });
  expect(d!.message).toContain(` at ${line}:${column}`);
  if (code !== undefined) expect(d!.code).toBe(code);

  const sourceLine = yaml.replace(/^\uFEFF/, '').split(/\r?\n/)[line - 1]!;
  const rendered = renderWorkspaceDiagnostics([d!], result.source, plain).split('\n');
  expect(rendered[1]).toBe(`${String(line).padStart(4)} | ${sourceLine}`);
  // Tabs are kept in the caret's indentation so that the caret lines up in a terminal.
  expect(rendered[2]).toBe(`     | ${sourceLine.slice(0, column - 1).replace(/[^\t]/g, ' ')}${'^'.repeat(width)}`);
}

describe('an unknown name in a segment rule is placed in segmenta.yaml', () => {
  test.each([
    ['a plain scalar on one line', 'any(pets where agex >= 10)'],
    ['a plain scalar over two lines', 'any(pets where\n      agex >= 10)'],
    ['a plain scalar with a blank line and a comment after it', 'any(pets where\n\n      agex >= 10)   # seniors'],
    ['a plain scalar with tabs', 'any(pets where\tname = "x"\n      and\tagex >= 10)'],
    ['a plain scalar after a non-ASCII character', 'any(pets where name = "Zoé" and agex >= 10)'],
    ['a plain scalar after a character outside the BMP (two UTF-16 units)', 'any(pets where name = "🐈" and agex >= 10)'],
    ['a single-quoted scalar with a doubled quote', `'any(pets where name = "O''Neil" and agex >= 10)'`],
    ['a single-quoted scalar over three lines', `'any(pets where name = "O''Neil"\n\n      and agex >= 10)'`],
    ['a double-quoted scalar with escaped quotes and \\u', String.raw`"any(pets where name = \"Zo\u00e9\" and agex >= 10)"`],
    [
      'a double-quoted scalar with every kind of escape and an escaped line break',
      String.raw`"any(pets where name = \"\\\\\x41\U0001F408\" or	name = \"\u00e9\"\n\tor name = \"a\/b\" or \
      agex >= 10)"`,
    ],
    ['a double-quoted scalar folded over lines', '"any(pets where name = \\"x\\"\n\n      and\n      agex >= 10)"'],
    ['a literal block', '|\n      any(pets where\n        agex >= 10)'],
    ['a literal block |- with blank lines', '|-\n\n      any(pets where\n\n        agex >= 10)'],
    ['a literal block |+ keeping its last blank lines', '|+\n      any(pets where\n        agex >= 10)\n\n'],
    ['a literal block with an indentation indicator', '|2\n        any(pets where\n      agex >= 10)'],
    ['a folded block', '>-\n      any(pets where\n      agex >= 10)'],
    ['a folded block with a blank line and a comment on its header', '> # seniors\n      any(pets where\n\n      agex >= 10)'],
    ['a folded block with more-indented lines', '>\n      any(pets where\n        species = "cat"\n      or agex >= 10)'],
    ['a folded block with an indentation indicator', '>2\n        any(pets\n      where agex >= 10)'],
  ])('%s', async (_, rule) => {
    await expectDiagnosticAt(withSeniorRule(rule), 'agex', { code: 'unknown-field' });
  });

  test('in a file with CRLF line ends', async () => {
    await expectDiagnosticAt(withSeniorRule('>-\n      any(pets where\n\n      agex >= 10)').replace(/\n/g, '\r\n'), 'agex');
    await expectDiagnosticAt(withSeniorRule('any(pets where\n      agex >= 10)').replace(/\n/g, '\r\n'), 'agex');
    await expectDiagnosticAt(withSeniorRule('"any(pets where \\\n      agex >= 10)"').replace(/\n/g, '\r\n'), 'agex');
  });

  test('in a file that starts with a byte order mark', async () => {
    await expectDiagnosticAt(`\uFEFF${withSeniorRule('"any(pets where name = \\"Zo\\u00e9\\"\n      and agex >= 10)"')}`, 'agex');
  });

  test('in a segment written as a flow mapping', async () => {
    const yaml = FIXTURE_YAML.replace(`  senior-pets:\n    name: Animaux seniors\n${SENIOR_RULE}`, `  senior-pets: { name: Seniors, rule: "any(pets where \\"é\\" = name\n      or agex >= 10)" }\n`);
    await expectDiagnosticAt(yaml, 'agex');
  });
});

describe('a syntax error in a segment rule is placed in segmenta.yaml', () => {
  test('in a folded block', async () => {
    await expectDiagnosticAt(withSeniorRule('>-\n      any(pets where\n      age(birth_date) >= 10 $)'), '$', { code: 'syntax' });
  });

  test('in a double-quoted scalar with escapes', async () => {
    await expectDiagnosticAt(withSeniorRule(String.raw`"any(pets where name = \"Zo\u00e9\"\n\tand age(birth_date) >= 10 $)"`), '$', { code: 'syntax' });
  });

  test('at the end of a folded rule cut short, before its trailing spaces and line break', async () => {
    await expectDiagnosticAt(withSeniorRule('>\n      any(pets where\n      age(birth_date) >=  '), '>=  ', { code: 'syntax', shift: 4, width: 1 }); // "found end of rule": an empty span
  });
});

describe('a k-means feature is placed in segmenta.yaml the same way', () => {
  const models = (features: string) => `${FIXTURE_YAML}\nmodels:\n  clusters:\n    model: kmeans\n    event: purchase\n    amount: amount\n    features:\n${features}`;

  test('double-quoted with escapes, in a flow sequence', async () => {
    await expectDiagnosticAt(models(String.raw`      ["count(visit)", "count(\tvisit) * \u0031 +
        agex"]` + '\n'), 'agex', { where: 'models.clusters.features.1' });
  });

  test('a folded block in a block sequence', async () => {
    await expectDiagnosticAt(models('      - count(visit)\n      - >-\n        count(visit)\n\n        + agex\n'), 'agex', { where: 'models.clusters.features.1' });
  });
});
