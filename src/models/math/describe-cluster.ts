/**
 * Plain-word descriptions of a cluster, in English or French, from its centroid relative to the
 * base: "recent, frequent, high spend" / "récents, fréquents, dépense élevée", or "lapsed, one
 * purchase, low spend" / "en sommeil, un seul achat, dépense faible".
 *
 * Each feature is judged by the z-score of the centroid, (centroid − base mean) / base sd, which is
 * the centroid itself when the clustering ran on standardised features. Cut-offs: z ≤ −0.5 is low,
 * z ≥ 0.5 is high, in between is average; half a standard deviation is Cohen's conventional
 * "medium" difference (Cohen, J. (1988), Statistical Power Analysis for the Behavioral Sciences,
 * 2nd ed., §2.2.3), large enough to be worth a word and small enough that most clusters get one.
 *
 * Roles: the default features (log1p of recency_days, frequency and monetary) are recognised by
 * their names ("recency", "frequency", "monetary" anywhere in the name); recency reads backwards
 * (a low number of days since the last purchase is recent). A frequency centroid whose value in
 * purchases (after undoing log1p) is below 1.5 reads "one purchase". Any other feature is
 * generic: "high / average / low NAME" in English, "NAME : élevé / moyen / faible" in French (the
 * colon avoids guessing the gender of NAME); callers may pass their own words.
 */

/** The languages of the descriptions. */
export type DescriptionLocale = 'en' | 'fr';

/** How a feature reads. */
export type FeatureRole = 'recency' | 'frequency' | 'monetary' | 'generic';

/** Low, average or high relative to the base. */
export type FeatureLevel = 'low' | 'average' | 'high';

/** Words for the three levels of one feature. */
export type LevelWords = Record<FeatureLevel, string>;

/** One feature of a cluster's centroid. */
export interface ClusterFeature {
  /** The feature's name, e.g. `log1p(recency_days)` or `sum(purchase.amount within 365 days)`. */
  name: string;
  /** Z-score of the centroid on this feature relative to the base. */
  z: number;
  /** The centroid in the feature's natural unit (for frequency: purchases, after undoing log1p). */
  value?: number;
  /** How the feature reads; default inferred from the name. */
  role?: FeatureRole;
  /** Label of a generic feature per locale; default its name. */
  label?: Partial<Record<DescriptionLocale, string>>;
  /** Words replacing the defaults, per locale. */
  words?: Partial<Record<DescriptionLocale, LevelWords>>;
}

/** The z-score cut-offs of {@link featureLevel}. */
export const LEVEL_CUTOFFS = { low: -0.5, high: 0.5 } as const;

const WORDS: Record<Exclude<FeatureRole, 'generic'>, Record<DescriptionLocale, LevelWords>> = {
  recency: {
    en: { low: 'recent', average: 'moderately recent', high: 'lapsed' },
    fr: { low: 'récents', average: 'moyennement récents', high: 'en sommeil' },
  },
  frequency: {
    en: { low: 'infrequent', average: 'occasional', high: 'frequent' },
    fr: { low: 'peu fréquents', average: 'occasionnels', high: 'fréquents' },
  },
  monetary: {
    en: { low: 'low spend', average: 'average spend', high: 'high spend' },
    fr: { low: 'dépense faible', average: 'dépense moyenne', high: 'dépense élevée' },
  },
};

const ONE_PURCHASE: Record<DescriptionLocale, string> = { en: 'one purchase', fr: 'un seul achat' };

/** The role of a feature from its name (see the module header). */
export function inferRole(name: string): FeatureRole {
  const lower = name.toLowerCase();
  if (lower.includes('recency')) return 'recency';
  if (lower.includes('frequency')) return 'frequency';
  if (lower.includes('monetary')) return 'monetary';
  return 'generic';
}

/** Low (z ≤ −0.5), high (z ≥ 0.5) or average. */
export function featureLevel(z: number): FeatureLevel {
  if (z <= LEVEL_CUTOFFS.low) return 'low';
  if (z >= LEVEL_CUTOFFS.high) return 'high';
  return 'average';
}

/** The words for one feature of a centroid. */
export function describeFeature(feature: ClusterFeature, locale: DescriptionLocale): string {
  if (!Number.isFinite(feature.z)) throw new RangeError(`describeFeature: z of ${feature.name} is not finite`);
  const level = featureLevel(feature.z);
  const custom = feature.words?.[locale];
  if (custom) return custom[level];
  const role = feature.role ?? inferRole(feature.name);
  if (role === 'frequency' && feature.value !== undefined && feature.value < 1.5) return ONE_PURCHASE[locale];
  if (role !== 'generic') return WORDS[role][locale][level];
  const label = feature.label?.[locale] ?? feature.name;
  if (locale === 'fr') return `${label} : ${{ low: 'faible', average: 'moyen', high: 'élevé' }[level]}`;
  return `${{ low: 'low', average: 'average', high: 'high' }[level]} ${label}`;
}

/** The description of a cluster: its features' words, in the order given, joined by commas. */
export function describeCluster(features: readonly ClusterFeature[], locale: DescriptionLocale): string {
  return features.map((feature) => describeFeature(feature, locale)).join(', ');
}

/** Z-scores of a centroid against the base's means and (population) sds; 0 where sd = 0. */
export function centroidZScores(centroid: ArrayLike<number>, means: ArrayLike<number>, sds: ArrayLike<number>): Float64Array {
  const out = new Float64Array(centroid.length);
  for (let j = 0; j < centroid.length; j++) {
    const sd = sds[j] as number;
    out[j] = sd > 0 ? ((centroid[j] as number) - (means[j] as number)) / sd : 0;
  }
  return out;
}
