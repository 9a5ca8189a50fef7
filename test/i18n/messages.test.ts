import { describe, expect, test } from 'vitest';
import { messages } from '../../src/i18n/messages.js';

// Counts agree with their number: English takes the plural for everything but 1, French for
// everything above 1 (zero is singular in French: « 0 client supprimé »).
const fr = messages('fr');
const en = messages('en');

describe('counts agree with their number', () => {
  test('customers deleted, re-evaluated, listed with a run', () => {
    expect([0, 1, 2].map((n) => fr.deleted(n))).toEqual(['0 client supprimé', '1 client supprimé', '2 clients supprimés']);
    expect([0, 1, 2].map((n) => en.deleted(n))).toEqual(['0 customers deleted', '1 customer deleted', '2 customers deleted']);
    expect(fr.reevaluated(1, 7)).toBe('1 client réévalué (passage 7)');
    expect(fr.reevaluated(3, 7)).toBe('3 clients réévalués (passage 7)');
    expect(fr.runListed('2026-07-01', 1)).toBe('fait le 2026-07-01, 1 client');
    expect(en.runListed('2026-07-01', 1, 'full')).toBe('created 2026-07-01, 1 customer, full');
  });

  test('what a demo imported and replayed', () => {
    expect(fr.demoImported({ customers: 1, pets: 1, events: 1, runs: 1 })).toBe('1 client, 1 animal, 1 événement importé ; 1 passage mensuel rejoué');
    expect(fr.demoImported({ customers: 2, pets: 3, events: 4, runs: 24 })).toBe('2 clients, 3 animaux, 4 événements importés ; 24 passages mensuels rejoués');
    expect(en.demoImported({ customers: 1, pets: 1, events: 1, runs: 1 })).toBe('1 customer, 1 pet, 1 event imported; 1 monthly run replayed');
    expect(en.demoImported({ customers: 2, pets: 0, events: 4, runs: 24 })).toBe('2 customers, 0 pets, 4 events imported; 24 monthly runs replayed');
  });

  test('rows of an import and of a run', () => {
    expect(fr.counts({ inserted: 1, updated: 2, unchanged: 0, rejected: 3 })).toBe('1 ajouté, 2 mis à jour, 0 inchangé, 3 rejetés');
    expect(fr.runMade(4, 'T', 1)).toBe("passage 4 au T : 1 ligne d'appartenance écrite");
    expect(fr.runMade(4, 'T', 12)).toBe("passage 4 au T : 12 lignes d'appartenance écrites");
    expect(en.runMade(4, 'T', 1)).toBe('run 4 as of T: 1 membership row written');
  });

  test('what a workspace declares', () => {
    const one = { fields: 1, collections: 1, eventTypes: 1, segments: 1, segmentations: 1, models: 1 };
    const two = { fields: 2, collections: 2, eventTypes: 2, segments: 2, segmentations: 2, models: 2 };
    expect(fr.valid('s.yaml', one)).toBe('s.yaml est valide (1 champ client, 1 collection, 1 type d’événement, 1 segment, 1 segmentation, 1 modèle)');
    expect(fr.valid('s.yaml', two)).toBe('s.yaml est valide (2 champs client, 2 collections, 2 types d’événement, 2 segments, 2 segmentations, 2 modèles)');
    expect(en.valid('s.yaml', one)).toBe('s.yaml is valid (1 customer field, 1 collection, 1 event type, 1 segment, 1 segmentation, 1 model)');
  });

  test('a quantifier\'s records meeting its condition', () => {
    const counts = (matching: number) => ({ source: 'pets', matching, all: 3, where: true });
    expect(fr.explainCounts(counts(1))).toBe('pets : 1 sur 3 répond à la condition');
    expect(fr.explainCounts(counts(2))).toBe('pets : 2 sur 3 répondent à la condition');
    expect(en.explainCounts(counts(1))).toBe('pets: 1 of 3 meets the condition');
    expect(en.explainCounts(counts(2))).toBe('pets: 2 of 3 meet the condition');
  });

  test('summaries of model fits', () => {
    const clv = { customers: 1, repeat: 0, calibrationEnd: '2026-06-30', horizon: 1, unit: 'weeks' as const };
    expect(fr.clvSummary(clv)).toBe("1 client (0 avec des achats répétés de montant moyen positif), calibration jusqu'au 2026-06-30, horizon 1 semaine");
    expect(en.clvSummary(clv)).toBe('1 customer (0 with repeat purchases of a positive mean amount), calibration up to 2026-06-30, horizon 1 week');
    expect(fr.clvSummary({ ...clv, customers: 9, horizon: 12, unit: 'months' })).toMatch(/^9 clients .*, horizon 12 mois$/);
    expect(en.clvSummary({ ...clv, customers: 9, horizon: 52, unit: 'weeks' })).toMatch(/^9 customers .*, horizon 52 weeks$/);
    const basket = { baskets: 1, customers: 1, minSupport: 0.01, itemsets: '2×1', rules: 1, minConfidence: 0.2, minLift: 1 };
    expect(fr.basketSummary(basket)).toBe('1 panier, 1 client ; ensembles fréquents (support ≥ 0.01) : 2×1 ; 1 règle (confiance ≥ 0.2, lift ≥ 1)');
    expect(en.basketSummary({ ...basket, baskets: 2, rules: 0 })).toBe('2 baskets, 1 customer; frequent itemsets (support ≥ 0.01): 2×1; 0 rules (confidence ≥ 0.2, lift ≥ 1)');
    expect(fr.moreRules(1)).toBe('… et 1 autre (--json pour toutes)');
    expect(fr.moreRules(5)).toBe('… et 5 autres (--json pour toutes)');
    const clusters = { k: 2, silhouette: '0.5', byK: '2: 0.5', customers: 1, unclustered: 1, features: 'x' };
    expect(fr.clustersSummary(clusters)).toBe('k = 2 (silhouette 0.5 ; par k : 2: 0.5) sur 1 client, 1 non classé ; variables : x');
    expect(en.clustersSummary({ ...clusters, customers: 3 })).toBe('k = 2 (silhouette 0.5; by k: 2: 0.5) over 3 customers, 1 unclustered; features: x');
  });
});
