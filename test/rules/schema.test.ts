import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { expect, test } from 'vitest';
import { ExprSchema, RULE_JSON_SCHEMA } from '../../src/rules/index.js';
import { parseOk } from './helpers.js';
import { RULES_MD_EXAMPLES } from './rules-md-forms.js';

const FILE = fileURLToPath(new URL('../../schema/rule.schema.json', import.meta.url));
const expected = `${JSON.stringify(RULE_JSON_SCHEMA, null, 2)}\n`;

/** Regenerate with: UPDATE_SCHEMA=1 npx vitest run test/rules/schema.test.ts */
test('schema/rule.schema.json is generated from the AST schema and up to date', () => {
  if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(FILE, expected);
  expect(readFileSync(FILE, 'utf8'), 'stale: run UPDATE_SCHEMA=1 npx vitest run test/rules/schema.test.ts').toBe(expected);
});

test('the JSON Schema is self-contained and recursive', () => {
  expect(RULE_JSON_SCHEMA['$id']).toBe('rule.schema.json');
  expect(JSON.stringify(RULE_JSON_SCHEMA)).toContain('"$ref":"rule.schema.json"');
});

test('parsed rules, through JSON, fit the schema; a wrong node does not', () => {
  for (const text of RULES_MD_EXAMPLES) expect(Value.Check(ExprSchema, JSON.parse(JSON.stringify(parseOk(text))))).toBe(true);
  expect(Value.Check(ExprSchema, { kind: 'compare', op: '==', left: { kind: 'ref', path: ['a'] }, right: { kind: 'ref', path: ['b'] } })).toBe(false);
  expect(Value.Check(ExprSchema, { kind: 'ref', path: [] })).toBe(false);
  expect(Value.Check(ExprSchema, { kind: 'literal', type: 'date', value: '2024-1-1' })).toBe(false);
  expect(Value.Check(ExprSchema, { kind: 'contains', mode: 'any', value: { kind: 'ref', path: ['a'] }, operand: { kind: 'ref', path: ['b'] } })).toBe(false);
  expect(Value.Check(ExprSchema, { kind: 'ref', path: ['a'], extra: 1 })).toBe(false);
});
