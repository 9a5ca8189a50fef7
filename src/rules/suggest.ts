/**
 * "Did you mean" suggestions: the nearest known name by Damerau-Levenshtein distance (the optimal
 * string alignment variant: insertions, deletions, substitutions and swaps of two neighbours,
 * each costing 1), compared without regard to case.
 *
 * Threshold: a name is suggested when its distance is at most 2 and at most a third of the length
 * of the name written (rounded down, but at least 1). So `langage` → `language` (1) and `specis` →
 * `species` (1) are suggested, while a two-letter typo in a three-letter name is not: a suggestion
 * that is most of the word is noise. Ties go to the candidate listed first.
 */

/** Distance between `a` and `b` (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  const d: number[] = new Array<number>((a.length + 1) * cols).fill(0);
  for (let i = 0; i <= a.length; i++) d[i * cols] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return d[a.length * cols + b.length]!;
}

/** The largest distance at which `name` gets a suggestion. */
export function suggestionLimit(name: string): number {
  return Math.max(1, Math.min(2, Math.floor(name.length / 3)));
}

/** The nearest candidate to `name` within the threshold, if any (never `name` itself). */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= suggestionLimit(name) ? best : undefined;
}

/** `, did you mean "x"?`, or the empty string when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const nearest = nearestName(name, candidates);
  return nearest === undefined ? '' : `, did you mean "${nearest}"?`;
}
