/**
 * Problems found in `segmenta.yaml` (and in the rules it holds), as data: collected while reading,
 * rendered once at the edge. The JSON form is the `errors` array of `segmenta check --json`.
 */
export interface WorkspaceDiagnostic {
  /** Stable code: `yaml-syntax`, `unknown-key`, `unknown-type`, `duplicate-name`, `invalid-value`, `rule`… */
  readonly code: string;
  /** Where in the file, as a dotted path (`customers.fields.home`) or the file name for syntax errors. */
  readonly where: string;
  /** 1-based line and column in `segmenta.yaml`. */
  readonly line: number;
  readonly column: number;
  /** A plain sentence saying what is wrong. */
  readonly message: string;
}

/** Nearest candidate by Damerau-Levenshtein (optimal string alignment) distance, if close enough. */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.min(2, Math.floor(name.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1]!;
}

/** `, did you mean "x"?` or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const nearest = nearestName(name, candidates);
  return nearest === undefined ? '' : `, did you mean "${nearest}"?`;
}
