/**
 * `in segment regular` (no quotes) stops the parser, which proposes the id as written without
 * knowing the workspace. Whoever knows its segments completes that advice, so that following it
 * does not lead to an "unknown segment" error next: the nearest segment's id, or the list.
 */
import type { Diagnostic } from './diagnostics.js';
import { listNames } from './check-context.js';
import { quotedSegmentHint } from './hint-texts.js';
import { nearestName } from './suggest.js';

export function withKnownSegments(diagnostics: readonly Diagnostic[], segments: ReadonlySet<string>): Diagnostic[] {
  return diagnostics.map((d) => {
    const written = d.unquotedSegment;
    if (written === undefined || segments.has(written)) return d;
    const nearest = nearestName(written, segments);
    const known = segments.size === 0 ? 'the workspace has no segment' : `the segments are ${listNames(segments)}`;
    const hint = nearest !== undefined ? quotedSegmentHint(nearest) : `a segment's id is written in double quotes, and there is no segment "${written}": ${known}`;
    return { ...d, hint };
  });
}
