import { describe, expect, test } from 'vitest';
import {
  centroidZScores,
  describeCluster,
  featureLevel,
  inferRole,
  type ClusterFeature,
} from '../../../src/models/math/describe-cluster.js';

const defaults = (recency: number, frequency: number, monetary: number, purchases?: number): ClusterFeature[] => [
  { name: 'log1p(recency_days)', z: recency },
  { name: 'log1p(frequency)', z: frequency, ...(purchases === undefined ? {} : { value: purchases }) },
  { name: 'log1p(monetary)', z: monetary },
];

describe('plain-word cluster descriptions', () => {
  test('the default features in both languages', () => {
    expect(describeCluster(defaults(-1.2, 0.9, 1.4, 6), 'en')).toBe('recent, frequent, high spend');
    expect(describeCluster(defaults(-1.2, 0.9, 1.4, 6), 'fr')).toBe('récents, fréquents, dépense élevée');
    expect(describeCluster(defaults(1.1, -0.8, -0.7, 1.04), 'en')).toBe('lapsed, one purchase, low spend');
    expect(describeCluster(defaults(1.1, -0.8, -0.7, 1.04), 'fr')).toBe('en sommeil, un seul achat, dépense faible');
    expect(describeCluster(defaults(0.1, -0.6, 0.2), 'en')).toBe('moderately recent, infrequent, average spend');
    expect(describeCluster(defaults(0.1, 0.3, 0.2, 2.4), 'fr')).toBe('moyennement récents, occasionnels, dépense moyenne');
  });

  test('the cut-offs are ±0.5 standard deviations, inclusive', () => {
    expect(featureLevel(-0.5)).toBe('low');
    expect(featureLevel(-0.4999)).toBe('average');
    expect(featureLevel(0.4999)).toBe('average');
    expect(featureLevel(0.5)).toBe('high');
  });

  test('generic features, labels and custom words', () => {
    const basket: ClusterFeature = { name: 'avg_basket', z: 0.8, label: { en: 'basket value', fr: 'panier moyen' } };
    expect(describeCluster([basket], 'en')).toBe('high basket value');
    expect(describeCluster([basket], 'fr')).toBe('panier moyen : élevé');
    expect(describeCluster([{ name: 'tenure', z: -2 }], 'en')).toBe('low tenure');
    const words = { en: { low: 'newcomers', average: 'settled', high: 'veterans' } };
    expect(describeCluster([{ name: 'tenure', z: 2, words }], 'en')).toBe('veterans');
    expect(inferRole('sum(purchase.amount within 365 days)')).toBe('generic');
    expect(inferRole('RECENCY_DAYS')).toBe('recency');
  });

  test('z-scores of a centroid in original units', () => {
    const z = centroidZScores([12, 3, 5], [10, 3, 5], [4, 1, 0]);
    expect(Array.from(z)).toEqual([0.5, 0, 0]);
  });
});
