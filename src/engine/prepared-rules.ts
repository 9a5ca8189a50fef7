/** Rules of a workspace made ready for the compiler: `in segment` resolved to checked rules. */
import type { SegmentResolver } from '../compiler/compile-rule.js';
import { RuleRefused, type WorkspaceRules } from '../workspace/check-rules.js';

export { checkWorkspaceRules, prepareRule, RuleRefused, type WorkspaceRules } from '../workspace/check-rules.js';

/** Resolves `in segment "id"` to the checked rules of the workspace. */
export function segmentResolver(rules: WorkspaceRules, members?: (id: string) => string | undefined): SegmentResolver {
  return {
    rule(id) {
      const rule = rules.typed.get(id);
      if (rule === undefined) throw new RuleRefused([], `segment "${id}" has an invalid rule (see segmenta check)`);
      return rule;
    },
    ...(members ? { members } : {}),
  };
}
