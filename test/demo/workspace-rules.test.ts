import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateClinic } from '../../src/demo/index.js';
import { checkRule, findSegmentCycles, parseRule, RFM_SCORES, type Expr, type RuleEnvironment, type SegmentationInfo } from '../../src/rules/index.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import type { FieldDef, FieldType, Workspace } from '../../src/workspace/types.js';
import { modelInfo } from '../../src/models/model-outputs.js';

// The generated segmenta.yaml must pass the same loader and rule checker as any workspace.

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'segmenta-demo-rules-'));
  await generateClinic({ dir, customers: 20, seed: 1, until: '2026-10-31' });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fieldTypes(fields: readonly FieldDef[]): ReadonlyMap<string, FieldType> {
  return new Map(fields.map((f) => [f.name, f.type]));
}

function environmentOf(ws: Workspace): RuleEnvironment {
  const segmentations = new Map<string, SegmentationInfo>();
  for (const s of ws.segmentations) {
    if (s.model === 'rfm') segmentations.set(s.id, { segments: [...s.map.segments.map((m) => m.id), 'prospect'], scores: RFM_SCORES });
    else if (s.model === 'lifecycle') segmentations.set(s.id, { segments: ['active', 'new', 'at_risk', 'lapsed', 'prospect'], scores: new Map() });
    else segmentations.set(s.id, { segments: ['A', 'B', 'C', 'none'], scores: new Map() });
  }
  return {
    customerFields: fieldTypes(ws.customers.fields),
    collections: new Map(ws.collections.map((c) => [c.id, fieldTypes(c.fields)])),
    eventTypes: new Map(ws.events.types.map((t) => [t.id, fieldTypes(t.properties)])),
    places: new Set(ws.places.keys()),
    segments: new Set(ws.segments.map((s) => s.id)),
    segmentations,
    models: new Map(ws.models.map((m) => [m.id, modelInfo(m)])),
  };
}

test('the workspace loads without a diagnostic', async () => {
  const loaded = await loadWorkspace(dir, {});
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.workspace?.segments.length).toBeGreaterThanOrEqual(18);
});

test('every segment rule parses and checks against the workspace, without cycles', async () => {
  const { workspace } = await loadWorkspace(dir, {});
  if (!workspace) throw new Error('no workspace');
  const env = environmentOf(workspace);
  const asts = new Map<string, Expr>();
  for (const segment of workspace.segments) {
    const parsed = parseRule(segment.rule);
    expect(parsed.diagnostics, segment.id).toEqual([]);
    if (!parsed.ast) continue;
    expect(checkRule(parsed.ast, env).diagnostics, segment.id).toEqual([]);
    asts.set(segment.id, parsed.ast);
  }
  expect(findSegmentCycles(asts)).toEqual([]);
  // The same environment refuses a misspelt field: the checks above are not vacuous.
  const misspelt = parseRule('langage = "fr"');
  expect(checkRule(misspelt.ast!, env).diagnostics.length).toBeGreaterThan(0);
});
