/**
 * Evaluating rules and segments as of an instant: each compiles to one set-based query that the
 * database runs (no customer passes through JavaScript).
 */
import { bindParams, compileRule, type CompiledQuery } from '../compiler/compile-rule.js';
import type { TypedExpr } from '../rules/index.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/types.js';
import { checkWorkspaceRules, invalidSegmentRule, segmentResolver, segmentRuleDiagnostics, type WorkspaceRules } from './prepared-rules.js';
import { requireFits } from '../models/require-fits.js';
import { WorkspaceInvalid } from '../workspace/diagnostics.js';
import { Refusal } from './refusal.js';
import { didYouMean, nearestName } from '../rules/suggest.js';
import { segmentOrder } from '../segmentations/order.js';
import { clusterSegments, modelInfo } from '../models/model-outputs.js';

/** A workspace ready for evaluation: its store and its checked segment rules. */
export interface Evaluation {
  readonly workspace: Workspace;
  readonly store: Store;
  readonly rules: WorkspaceRules;
}

export function evaluation(workspace: Workspace, store: Store): Evaluation {
  return { workspace, store, rules: checkWorkspaceRules(workspace) };
}

export function compile(ev: Evaluation, rule: TypedExpr, options: { subset?: string } = {}): CompiledQuery {
  return compileRule(rule, { workspace: ev.workspace, dialect: ev.store.dialect, segments: segmentResolver(ev.rules, ev.workspace), ...options });
}

/** How many customers satisfy a rule at `at`. */
export async function countRule(ev: Evaluation, rule: TypedExpr, at: Date): Promise<number> {
  await requireFits(ev.store, ev.workspace, rule, at, ev.rules.typed);
  const query = compile(ev, rule);
  const [row] = await ev.store.query<{ n: number }>(`SELECT count(*) AS n FROM (${query.sql}) AS members`, bindParams(query, { at }));
  return Number(row?.n ?? 0);
}

export interface SegmentSize {
  readonly id: string;
  readonly name: string;
  readonly count: number;
}

/**
 * Refuses work that stands for every segment (a run, the list of sizes) while a segment's rule is
 * refused: a run without that segment would read, in transitions, as all its members leaving it.
 */
export function requireEverySegment(ev: Evaluation): void {
  const refused = segmentRuleDiagnostics(ev.rules);
  if (refused.length > 0) throw new WorkspaceInvalid(refused, ev.workspace.source);
}

/** Every segment of the workspace with its size at `at`. */
export async function segmentSizes(ev: Evaluation, at: Date): Promise<SegmentSize[]> {
  requireEverySegment(ev);
  const sizes: SegmentSize[] = [];
  for (const segment of ev.workspace.segments) {
    const rule = ev.rules.typed.get(segment.id)!;
    sizes.push({ id: segment.id, name: segment.name ?? segment.id, count: await countRule(ev, rule, at) });
  }
  return sizes;
}

/** The checked rule of a segment, or an error naming the known ones. */
export function segmentRule(ev: Evaluation, id: string): TypedExpr {
  const rule = ev.rules.typed.get(id);
  if (rule !== undefined) return rule;
  const known = ev.workspace.segments.map((s) => s.id);
  if (known.includes(id)) throw invalidSegmentRule(ev.rules, id);
  const segmentation = ev.workspace.segmentations.find((s) => s.id === id);
  const clustering = ev.workspace.models.find((m) => m.id === id && m.model === 'kmeans');
  // `members --segment rf6`: the way to its customers is a rule naming one of its segments.
  if (segmentation !== undefined) {
    const segments = segmentOrder(segmentation);
    const example = segments[0]!;
    const message = `"${id}" is a segmentation, not a segment: name one of its segments in a rule, as ${id} = "${example}" (its segments: ${segments.join(', ')})`;
    throw new Refusal('unknown-segment', message, { name: id, segmentation: { example, segments } });
  }
  if (clustering !== undefined) {
    // The names its clusters can have (c1 … ck for the largest k tried, and the unclustered): the fit says how many it found.
    const segments = clusterSegments(clustering);
    const range = `c1 to ${segments.at(-2)!}, as many as its fit finds, and ${segments.at(-1)!}`;
    const message = `"${id}" is a k-means model, whose clusters form a segmentation, not a segment: name one of its clusters in a rule, as ${id} = "c1" (its clusters: ${range})`;
    throw new Refusal('unknown-segment', message, { name: id, segmentation: { example: 'c1', segments, clustering: true } });
  }
  const model = ev.workspace.models.find((m) => m.id === id);
  if (model !== undefined) {
    const outputs = [...modelInfo(model).outputs.keys()];
    const message = `"${id}" is a model, not a segment: read its outputs in a rule, as ${id}.${outputs[0]} (its outputs: ${outputs.join(', ')})`;
    throw new Refusal('unknown-segment', message, { name: id, model: { outputs } });
  }
  const nearest = nearestName(id, known);
  throw new Refusal('unknown-segment', `unknown segment "${id}"${didYouMean(id, known)} (segments: ${known.join(', ')})`, { name: id, known, ...(nearest ? { nearest } : {}) });
}
