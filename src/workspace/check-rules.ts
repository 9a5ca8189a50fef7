/**
 * Rules made ready to evaluate: parsed, checked against the workspace, and their diagnostics
 * placed where the user wrote them (in the rule text, or in segmenta.yaml for segments).
 */
import { checkRule, findSegmentCycles, parseRule, withKnownSegments, type Diagnostic, type Expr, type TypedExpr } from '../rules/index.js';
import type { WorkspaceDiagnostic } from './diagnostics.js';
import { ruleEnvironment } from './rule-environment.js';
import type { RuleEnvironment } from '../rules/index.js';
import { checkFeature } from '../models/cluster-features.js';
import type { SegmentDef, TextPositions, Workspace } from './types.js';

/** A rule that does not parse or check: nothing is evaluated. */
export class RuleRefused extends Error {
  override readonly name = 'RuleRefused';
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly source: string,
  ) {
    super(diagnostics.map((d) => d.message).join('\n'));
  }
}

/** Parses and checks a rule written by the user (`segmenta count RULE`). */
export function prepareRule(ws: Workspace, text: string): TypedExpr {
  const env = ruleEnvironment(ws);
  const parsed = parseRule(text);
  if (parsed.ast === undefined || parsed.diagnostics.length > 0) throw new RuleRefused(segmentNameHint(ws, text, withKnownSegments(parsed.diagnostics, env.segments)), text);
  const checked = checkRule(parsed.ast, env);
  if (checked.typed === undefined) throw new RuleRefused(segmentNameHint(ws, text, checked.diagnostics), text);
  return checked.typed;
}

/**
 * A segment's id given where a rule is expected (`segmenta count heart-dogs`) reads as a
 * subtraction of unknown fields; the first problem then says how to name the segment.
 */
function segmentNameHint(ws: Workspace, text: string, diagnostics: readonly Diagnostic[]): readonly Diagnostic[] {
  const id = text.trim();
  const [first, ...rest] = diagnostics;
  if (first === undefined || !ws.segments.some((s) => s.id === id)) return diagnostics;
  return [{ ...first, hint: `${id} is a segment: write in segment "${id}" (members also lists it with --segment ${id})` }, ...rest];
}

/** The checked rules of every segment of the workspace, and the problems of those that fail. */
export interface WorkspaceRules {
  readonly typed: ReadonlyMap<string, TypedExpr>;
  /** Every rule problem: segments' rules (and cycles), and models' features. */
  readonly diagnostics: readonly WorkspaceDiagnostic[];
}

/** The problems of segments' rules alone (a model's feature only stops that model's fit). */
export function segmentRuleDiagnostics(rules: WorkspaceRules): WorkspaceDiagnostic[] {
  return rules.diagnostics.filter((d) => d.where.startsWith('segments.'));
}

/** Moves a diagnostic of a text read from segmenta.yaml (`where`) to where its span starts in the file. */
function inYaml(where: string, positions: TextPositions, d: Diagnostic): WorkspaceDiagnostic {
  const { line, column } = positions.positionOf(d.span.start.offset);
  // The last character of the span, placed in the file: the caret's end when on the same line.
  const last = d.span.end.offset > d.span.start.offset ? positions.positionOf(d.span.end.offset - 1) : undefined;
  const endColumn = last !== undefined && last.line === line && last.column > column ? last.column + 1 : undefined;
  const message = d.message.replace(/ at \d+:\d+/, ` at ${line}:${column}`);
  return { code: d.code, where, line, column, ...(endColumn !== undefined ? { endColumn } : {}), message, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
}

/** A segment's rule diagnostic, placed in segmenta.yaml. */
function inSegmentRule(segment: SegmentDef, d: Diagnostic): WorkspaceDiagnostic {
  return inYaml(`segments.${segment.id}.rule`, segment.rulePositions, d);
}

export function checkWorkspaceRules(ws: Workspace): WorkspaceRules {
  const env = ruleEnvironment(ws);
  const asts = new Map<string, Expr>();
  const typed = new Map<string, TypedExpr>();
  const diagnostics: WorkspaceDiagnostic[] = [];
  for (const segment of ws.segments) {
    const parsed = parseRule(segment.rule);
    if (parsed.ast === undefined || parsed.diagnostics.length > 0) {
      diagnostics.push(...withKnownSegments(parsed.diagnostics, env.segments).map((d) => inSegmentRule(segment, d)));
      continue;
    }
    asts.set(segment.id, parsed.ast);
    const checked = checkRule(parsed.ast, env);
    if (checked.typed === undefined) diagnostics.push(...checked.diagnostics.map((d) => inSegmentRule(segment, d)));
    else typed.set(segment.id, checked.typed);
  }
  diagnostics.push(...checkModelFeatures(ws, env));
  for (const cycle of findSegmentCycles(asts)) {
    const segment = ws.segments.find((s) => s.id === cycle.rule) ?? ws.segments[0]!;
    diagnostics.push(inSegmentRule(segment, cycle));
    if (cycle.rule !== undefined) typed.delete(cycle.rule);
  }
  return { typed, diagnostics };
}


/** The feature expressions of k-means models, their problems placed in segmenta.yaml. */
function checkModelFeatures(ws: Workspace, env: RuleEnvironment): WorkspaceDiagnostic[] {
  const out: WorkspaceDiagnostic[] = [];
  for (const model of ws.models) {
    if (model.model !== 'kmeans') continue;
    for (const [i, feature] of (model.features ?? []).entries()) {
      for (const d of checkFeature(feature.text, env).diagnostics) out.push(inYaml(`models.${model.id}.features.${i}`, feature.positions, d));
    }
  }
  return out;
}
