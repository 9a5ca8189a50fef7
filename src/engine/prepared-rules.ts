/** Rules of a workspace made ready for the compiler: `in segment` resolved to checked rules. */
import type { SegmentResolver } from '../compiler/compile-rule.js';
import type { WorkspaceRules } from '../workspace/check-rules.js';
import { Refusal } from './refusal.js';

export { checkWorkspaceRules, prepareRule, RuleRefused, segmentRuleDiagnostics, type WorkspaceRules } from '../workspace/check-rules.js';

import type { Compilation } from '../compiler/compilation.js';
import { segmentationState, type StateOptions } from '../segmentations/state.js';
import type { Workspace } from '../workspace/types.js';
import { modelOutputSql } from '../models/model-outputs.js';

/** Resolves `in segment "id"` to the checked rules of the workspace. */
export function segmentResolver(
  rules: WorkspaceRules,
  workspace: Workspace,
  options: { members?: (id: string) => string | undefined; segmentation?: (id: string) => string | undefined; state?: (id: string) => StateOptions } = {},
): SegmentResolver {
  const { members } = options;
  return {
    segmentation(c: Compilation, id: string) {
      const stored = options.segmentation?.(id);
      if (stored !== undefined) return stored;
      const def = workspace.segmentations.find((s) => s.id === id);
      if (def === undefined) throw new Refusal('unknown-segmentation', `unknown segmentation "${id}"`, { name: id });
      return segmentationState(c, def, options.state?.(id) ?? {});
    },
    model(c: Compilation, id: string, output: string | undefined) {
      const def = workspace.models.find((m) => m.id === id);
      if (def === undefined) throw new Refusal('unknown-model', `unknown model "${id}"`, { name: id });
      return modelOutputSql(def, output, c.params.value('text', id), c.params.at(), c.restrict('o._customer'));
    },
    rule(id) {
      const rule = rules.typed.get(id);
      if (rule === undefined) throw invalidSegmentRule(rules, id);
      return rule;
    },
    ...(members ? { members } : {}),
  };
}

/** A segment whose rule is refused (it does not check, or is part of a cycle), with the reason `check` gives. */
export function invalidSegmentRule(rules: WorkspaceRules, id: string): Refusal {
  const why = rules.diagnostics.find((d) => d.where === `segments.${id}.rule`)?.message;
  return new Refusal('invalid-segment-rule', `segment "${id}" has an invalid rule${why ? `: ${why}` : ''} (see segmenta check)`);
}
