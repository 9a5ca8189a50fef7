/**
 * Clusters end to end through workspaces: the blobs of shared/datasets/iris (scikit-learn's
 * make_blobs, with its k-means partitions for k = 2, 3, 4) as customers with two numeric fields;
 * the clinic fixture with the default features. Expected values come from the data set (true
 * centres, scikit-learn's partitions), Rousseeuw's silhouette written plainly, and independent SQL
 * over the raw CSV.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson } from '../support/cli.js';
import { reference } from '../support/reference.js';
import { STORES, type StoreKind } from '../support/stores.js';
import { clinicCopy, DATASETS, FIXTURE, load, open, workspaceWith } from '../support/workspace.js';
import { readBlobs, samePartition } from './math/blobs.js';

const blobs = readBlobs(path.join(DATASETS, 'iris', 'blobs.csv'));

interface ClustersJson {
  fit: number;
  k: number;
  silhouette: number;
  silhouette_by_k: Record<string, number | null>;
  features: string[];
  clusters: Array<{ id: string; size: number; centroid: Record<string, number>; description: string; descriptions: { fr: string; en: string } }>;
  customers: number;
  unclustered: number;
}

const BLOBS_YAML = `name: Blobs
timezone: UTC
locale: en
customers:
  key: id
  fields:
    x1: number
    x2: number
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
models:
  clusters: { model: kmeans, event: purchase, features: [x1, x2], standardise: false }
`;

async function blobsWorkspace(store: StoreKind, extra = ''): Promise<string> {
  const lines = (await readFile(path.join(DATASETS, 'iris', 'blobs.csv'), 'utf8')).trim().split('\n').slice(1);
  const rows = lines.map((line, i) => `p${String(i + 1).padStart(3, '0')},${line.split(',').slice(0, 2).join(',')}`);
  const dir = await workspaceWith(BLOBS_YAML + extra, { 'customers.csv': `id,x1,x2\n${rows.join('\n')}\n` }, store);
  const ws = await open(dir, store);
  await load(ws, 'customers', 'customers.csv', { strict: true });
  await ws.close();
  return dir;
}

async function fit(dir: string, ...flags: string[]): Promise<ClustersJson> {
  const result = await cliJson<ClustersJson>(['model', 'fit', 'clusters', '-w', dir, ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return result.json;
}

/** Cluster of each point (file order) from the store. */
async function assignments(store: StoreKind, dir: string, fitId: number): Promise<string[]> {
  const ws = await open(dir, store);
  try {
    const rows = await ws.store.query<{ _customer: string; cluster: string }>(`SELECT _customer, cluster FROM model_clusters WHERE fit = $1 ORDER BY _customer`, [fitId]);
    return rows.map((r) => r.cluster);
  } finally {
    await ws.close();
  }
}

/** Rousseeuw's silhouette, every pair, no shortcut. */
function silhouette(labels: ArrayLike<number>): number {
  const n = labels.length;
  const p = blobs.points;
  const distance = (i: number, j: number) => Math.hypot(p[2 * i]! - p[2 * j]!, p[2 * i + 1]! - p[2 * j + 1]!);
  const clusters = [...new Set(Array.from(labels))];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const mean = (c: number) => {
      let [sum, count] = [0, 0];
      for (let j = 0; j < n; j++) if (labels[j] === c && j !== i) [sum, count] = [sum + distance(i, j), count + 1];
      return sum / count;
    };
    const a = mean(labels[i]!);
    const b = Math.min(...clusters.filter((c) => c !== labels[i]).map(mean));
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

describe.each(STORES)('on %s', (store) => {
  test('segmenta run names the customers missing a feature as unclustered, in the language asked', async () => {
    const dir = await blobsWorkspace(store);
    await writeFile(path.join(dir, 'more.csv'), 'id,x1,x2\nq001,,1.5\n');
    expect((await cli(['import', 'customers', 'more.csv', '-w', dir])).code).toBe(0);
    const line = (label: string) => new RegExp(`\\n  ${label} +1\\n`);
    const fr = await cli(['run', '--at', '2026-01-01', '-w', dir, '--lang', 'fr']);
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toMatch(line('non classés'));
    expect(fr.stdout).toMatch(/\nclusters \(ajustement \d+\)\n/);
    const en = await cli(['run', '--at', '2026-02-01', '-w', dir]);
    expect(en.stdout).toMatch(line('unclustered'));
    expect(en.stdout).toMatch(/\nclusters \(fit \d+\)\n/);
    // The model's id is no segment: the refusal says how to name its clusters.
    expect((await cli(['members', '--segment', 'clusters', '-w', dir, '--lang', 'en'])).stderr).toBe(
      'error: "clusters" is a k-means model, whose clusters form a segmentation, not a segment: name one of its clusters in a rule, as clusters = "c1" (its clusters: c1 to c8, as many as its fit finds, and unclustered)\n',
    );
    expect((await cli(['members', '--segment', 'clusters', '-w', dir, '--lang', 'fr'])).stderr).toBe(
      'error: « clusters » est un modèle k-means, dont les groupes forment une segmentation, pas un segment : nommez un de ses groupes dans une règle, comme clusters = "c1" (ses groupes : c1 à c8, autant que l\'ajustement en trouve, et unclustered)\n',
    );
  }, 60_000);

  describe('k-means on the blobs through a workspace', () => {
    test('k = 4 recovers the four blobs: scikit-learn\'s partition, each centroid at its blob\'s centre', async () => {
      const dir = await blobsWorkspace(store);
      const json = await fit(dir, '--k', '4');
      expect(json.k).toBe(4);
      expect(json.features).toEqual(['x1', 'x2']);
      const labels = await assignments(store, dir, json.fit);
      expect(labels).toHaveLength(500);
      expect(samePartition(labels.map((l) => Number(l.slice(1))), blobs.sklearn[4])).toBe(true);
      // The centre of each true blob (mean of the points drawn around it); every cluster sits on one.
      const centres = [0, 1, 2, 3].map((t) => {
        const members = Array.from(blobs.truth.keys()).filter((i) => blobs.truth[i] === t);
        return [members.reduce((s, i) => s + blobs.points[2 * i]!, 0) / members.length, members.reduce((s, i) => s + blobs.points[2 * i + 1]!, 0) / members.length];
      });
      const matched = json.clusters.map((c) => {
        const distances = centres.map(([x, y]) => Math.hypot(c.centroid['x1']! - x!, c.centroid['x2']! - y!));
        const nearest = distances.indexOf(Math.min(...distances));
        expect(distances[nearest]).toBeLessThan(0.5);
        return nearest;
      });
      expect(new Set(matched).size).toBe(4);
      // Sizes and centroids are those of the stored assignment.
      for (const c of json.clusters) {
        const members = labels.map((l, i) => (l === c.id ? i : -1)).filter((i) => i >= 0);
        expect(c.size).toBe(members.length);
        expect(c.centroid['x1']).toBeCloseTo(members.reduce((s, i) => s + blobs.points[2 * i]!, 0) / members.length, 9);
      }
      expect(json.unclustered).toBe(0);
    }, 60_000);

    test('k chosen by silhouette over 2..8 is 2, and the silhouettes of scikit-learn\'s partitions for 2, 3, 4 are reproduced', async () => {
      const dir = await blobsWorkspace(store);
      const json = await fit(dir);
      expect(json.k).toBe(2);
      expect(Object.keys(json.silhouette_by_k)).toEqual(['2', '3', '4', '5', '6', '7', '8']);
      // scikit-learn's silhouette analysis of these blobs: 0.705 (k = 2), 0.588 (k = 3), 0.651 (k = 4).
      expect(json.silhouette_by_k['2']!.toFixed(3)).toBe('0.705');
      expect(json.silhouette_by_k['3']!.toFixed(3)).toBe('0.588');
      expect(json.silhouette_by_k['4']!.toFixed(3)).toBe('0.651');
      for (const k of [2, 3, 4] as const) expect(json.silhouette_by_k[String(k)]).toBeCloseTo(silhouette(blobs.sklearn[k]), 12);
      expect(json.silhouette).toBe(json.silhouette_by_k['2']);
      const labels = await assignments(store, dir, json.fit);
      expect(samePartition(labels.map((l) => Number(l.slice(1))), blobs.sklearn[2])).toBe(true);
    }, 60_000);

    test('the same seed repeats exactly: same clusters, same silhouettes, same assignment', async () => {
      const dir = await blobsWorkspace(store);
      const once = await fit(dir, '--k', '5');
      const again = await fit(dir, '--k', '5');
      const strip = ({ fit: _f, at: _a, ...rest }: ClustersJson & { at?: string }) => rest;
      expect(strip(again)).toEqual(strip(once));
      expect(await assignments(store, dir, again.fit)).toEqual(await assignments(store, dir, once.fit));
    }, 60_000);

    test('descriptions in plain words, in English and French, from the centroid relative to the base (±0.5 sd)', async () => {
      const dir = await blobsWorkspace(store);
      const json = await fit(dir, '--k', '4');
      const mean = (j: number) => Array.from({ length: 500 }, (_, i) => blobs.points[2 * i + j]!).reduce((a, b) => a + b, 0) / 500;
      const sd = (j: number) => Math.sqrt(Array.from({ length: 500 }, (_, i) => (blobs.points[2 * i + j]! - mean(j)) ** 2).reduce((a, b) => a + b, 0) / 500);
      for (const c of json.clusters) {
        const level = (j: number) => {
          const z = (c.centroid[`x${j + 1}`]! - mean(j)) / sd(j);
          return z <= -0.5 ? 'low' : z >= 0.5 ? 'high' : 'average';
        };
        const fr = { low: 'faible', average: 'moyen', high: 'élevé' };
        expect(c.descriptions.en).toBe(`${level(0)} x1, ${level(1)} x2`);
        expect(c.descriptions.fr).toBe(`x1 : ${fr[level(0)]}, x2 : ${fr[level(1)]}`);
        expect(c.description).toBe(c.descriptions.en);
      }
    }, 60_000);
  });

  describe('a base larger than fit_sample_size', () => {
    test('k-means on a fixed sample, every customer assigned: the four blobs still, the same sample for the same seed', async () => {
      const dir = await blobsWorkspace(store);
      const yaml = (await readFile(path.join(dir, 'segmenta.yaml'), 'utf8')).replace('standardise: false }', 'standardise: false, fit_sample_size: 200 }');
      await writeFile(path.join(dir, 'segmenta.yaml'), yaml);
      const once = await fit(dir, '--k', '4');
      const again = await fit(dir, '--k', '4');
      expect(again.clusters).toEqual(once.clusters);
      expect(once.customers).toBe(500);
      expect(once.clusters.reduce((s, c) => s + c.size, 0)).toBe(500);
      const labels = await assignments(store, dir, once.fit);
      expect(labels).toHaveLength(500);
      // Centroids of 200 of the 500 points still sit on the four blobs' centres.
      const centres = [0, 1, 2, 3].map((t) => {
        const members = Array.from(blobs.truth.keys()).filter((i) => blobs.truth[i] === t);
        return [members.reduce((s, i) => s + blobs.points[2 * i]!, 0) / members.length, members.reduce((s, i) => s + blobs.points[2 * i + 1]!, 0) / members.length];
      });
      for (const c of once.clusters) expect(Math.min(...centres.map(([x, y]) => Math.hypot(c.centroid['x1']! - x!, c.centroid['x2']! - y!)))).toBeLessThan(1);
    }, 60_000);
  });

  describe('the clinic with the default features', () => {
    test('every existing customer in one segment; prospects unclustered; c1 the highest mean monetary (independent SQL)', async () => {
      const dir = await clinicCopy(store);
      const yaml = await readFile(path.join(dir, 'segmenta.yaml'), 'utf8');
      await writeFile(path.join(dir, 'segmenta.yaml'), `${yaml}\nmodels:\n  clusters: { model: kmeans, event: purchase, amount: amount, k: [2, 5] }\n`);
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv');
      await load(ws, 'events', 'events.csv');
      await ws.close();
      const at = '2026-05-01T00:00:00+02:00';
      const json = await fit(dir, '--at', at);
      expect(json.features).toEqual(['log1p(recency_days)', 'log1p(frequency)', 'log1p(monetary)']);
      const raw = (f: string) => `read_csv('${path.join(FIXTURE, f)}', all_varchar = true)`;
      const expected = await reference<{ id: string; monetary: number | null }>(`
        SELECT c.id, (SELECT sum(CAST(amount AS DECIMAL(18, 2))) FROM ${raw('events.csv')} e
                      WHERE e.customer_id = c.id AND e.type = 'purchase' AND CAST(e.time AS TIMESTAMPTZ) <= TIMESTAMPTZ '${at}') AS monetary
        FROM ${raw('customers.csv')} c WHERE CAST(c.created_at AS TIMESTAMPTZ) <= TIMESTAMPTZ '${at}' ORDER BY c.id`);
      const reopened = await open(dir, store);
      const rows = await reopened.store.query<{ _customer: string; cluster: string }>(`SELECT _customer, cluster FROM model_clusters WHERE fit = $1 ORDER BY _customer`, [json.fit]);
      await reopened.close();
      expect(rows.map((r) => r._customer)).toEqual(expected.map((e) => e.id));
      const cluster = new Map(rows.map((r) => [r._customer, r.cluster]));
      for (const e of expected) if (e.monetary === null) expect(cluster.get(e.id)).toBe('unclustered');
      expect(json.unclustered).toBe(expected.filter((e) => e.monetary === null).length);
      const means = json.clusters.map((c) => {
        const members = expected.filter((e) => cluster.get(e.id) === c.id);
        expect(members.length).toBe(c.size);
        return members.reduce((s, e) => s + Number(e.monetary), 0) / members.length;
      });
      for (let i = 1; i < means.length; i++) expect(means[i - 1]!).toBeGreaterThanOrEqual(means[i]!);
      // The clinic's locale is French; recency reads backwards (few days since the last purchase: "récents").
      expect(json.clusters[0]!.description).toBe(json.clusters[0]!.descriptions.fr);
      for (const c of json.clusters) expect(c.descriptions.en).toMatch(/^(recent|moderately recent|lapsed), (infrequent|occasional|frequent|one purchase), (low|average|high) spend$/);
    }, 120_000);
  });

  describe('spend when `amount:` is not written', () => {
    test('a model declared without `amount:` reads the event\'s `amount`: the same fit as with it written', async () => {
      const dir = await clinicCopy(store);
      const yaml = await readFile(path.join(dir, 'segmenta.yaml'), 'utf8');
      await writeFile(
        path.join(dir, 'segmenta.yaml'),
        `${yaml}\nmodels:\n  written: { model: kmeans, event: purchase, amount: amount, k: [2, 4] }\n  implied: { model: kmeans, event: purchase, k: [2, 4] }\n  visits: { model: kmeans, event: visit, k: 3 }\n`,
      );
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv');
      await load(ws, 'events', 'events.csv');
      await ws.close();
      const fitOf = async (id: string) => {
        const result = await cliJson<ClustersJson & { model: string; scaling: unknown; centres: unknown }>(['model', 'fit', id, '-w', dir, '--at', '2026-05-01']);
        expect(result.code, result.stderr).toBe(0);
        const { fit: _fit, model: _model, ...rest } = result.json;
        return rest;
      };
      const written = await fitOf('written');
      expect(written).toMatchObject({ declared: true });
      // Read as 0, spend made every centroid's monetary 0 and every cluster "dépense moyenne".
      expect(await fitOf('implied')).toEqual(written);
      expect(written.clusters.every((c) => /(low|high) spend$/.test(c.descriptions.en))).toBe(true);
      // Visits have no numeric property: recency and frequency only, no word about spend.
      const visits = await fitOf('visits');
      expect(visits.features).toEqual(['log1p(recency_days)', 'log1p(frequency)']);
      for (const c of visits.clusters) expect(c.descriptions.en).toMatch(/^(recent|moderately recent|lapsed), (infrequent|occasional|frequent|one purchase)$/);
    }, 120_000);

    test('a kind fitted without a declaration is stored, and the fit says that rules read declared models only', async () => {
      const dir = await clinicCopy(store);
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv');
      await load(ws, 'events', 'events.csv');
      await ws.close();
      const json = await cliJson<{ declared: boolean; fit: number }>(['model', 'fit', 'clusters', '-w', dir, '--at', '2026-05-01', '--k', '3']);
      expect(json.code, json.stderr).toBe(0);
      expect(json.json.declared).toBe(false);
      const human = await cli(['model', 'fit', 'clusters', '-w', dir, '--at', '2026-05-01', '--k', '3', '--lang', 'en']);
      expect(human.stdout).toContain('"clusters" is not declared under "models:" in segmenta.yaml: the fit is stored, but rules and customer profiles read declared models only');
      const rule = await cli(['count', 'clusters = "c1"', '-w', dir, '--at', '2026-05-01']);
      expect(rule.code).toBe(1);
    }, 120_000);

    test('a kind fitted without a declaration, whose event has two numeric properties and no `amount`: what to declare, exit 1', async () => {
      const dir = await workspaceWith(BLOBS_YAML.replace('purchase: { amount: number }', 'purchase: { price: number, tax: number }').replace(/models:\n.*\n/, ''), { 'customers.csv': 'id,x1,x2\na,1,2\n' }, store);
      const result = await cli(['model', 'fit', 'clusters', '-w', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no model "clusters" is declared and "purchase" has several numeric properties (price, tax) and none is named amount: declare it under "models:" in segmenta.yaml');
    });

    test('a customer run leaves the clusters of a fit whose features the workspace has changed since, and says why', async () => {
      const dir = await clinicCopy(store);
      const file = path.join(dir, 'segmenta.yaml');
      const yaml = await readFile(file, 'utf8');
      await writeFile(file, `${yaml}\nmodels:\n  clusters: { model: kmeans, event: purchase, amount: amount, k: [2, 3] }\n`);
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv');
      await load(ws, 'events', 'events.csv');
      await ws.close();
      const run = await cliJson<{ run: number }>(['run', '-w', dir, '--at', '2026-05-01']);
      expect(run.code, run.stderr).toBe(0);
      const rows = async () => {
        const reopened = await open(dir, store);
        try {
          return await reopened.store.query<{ _customer: string; fit: number; cluster: string; run: number }>(`SELECT _customer, fit, cluster, run FROM model_clusters WHERE _customer IN ('C000007', 'C000010') ORDER BY 1`);
        } finally {
          await reopened.close();
        }
      };
      const before = await rows();
      expect(before).toHaveLength(2);
      await writeFile(file, `${yaml}\nmodels:\n  clusters: { model: kmeans, event: purchase, amount: amount, k: [2, 3], features: [count(visit), "sum(purchase.amount)"] }\n`);
      await writeFile(path.join(dir, 'late.csv'), 'customer_id,type,time,amount,categories,products,order_id\nC000007,purchase,2026-04-30T10:00:00,80,food,dog-food,LATE1\n');
      const imported = await cliJson<{ inserted: number; reevaluated: { customers: number; models: Record<string, { error?: string }> } }>(['import', 'events', 'late.csv', '-w', dir, '--at', '2026-05-01']);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.json.inserted).toBe(1);
      expect(imported.json.reevaluated.customers).toBe(1);
      expect(imported.json.reevaluated.models['clusters']!.error).toBe(
        `model "clusters": its features are now count(visit), sum(purchase.amount), not log1p(recency_days), log1p(frequency), log1p(monetary) since fit ${before[0]!.fit}; its customers keep that fit's clusters until the next full run refits it`,
      );
      // Centroids of other features cannot place C000007: its cluster stays the fit's, until a full run.
      expect(await rows()).toEqual(before);
      // The same features unstandardised: declined too, and the human output says why.
      await writeFile(file, `${yaml}\nmodels:\n  clusters: { model: kmeans, event: purchase, amount: amount, k: [2, 3], standardise: false }\n`);
      await writeFile(path.join(dir, 'later.csv'), 'customer_id,type,time,amount,categories,products,order_id\nC000010,purchase,2026-04-30T11:00:00,60,food,dog-food,LATE2\n');
      const human = await cli(['import', 'events', 'later.csv', '-w', dir, '--at', '2026-05-01', '--lang', 'en']);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toContain(
        `clusters: not re-scored — model "clusters": standardise is now false since fit ${before[0]!.fit}; its customers keep that fit's clusters until the next full run refits it`,
      );
      expect(await rows()).toEqual(before);
    }, 120_000);
  });

  describe('refused', () => {
    test('fewer customers with every feature than clusters need: a clear error', async () => {
      const dir = await workspaceWith(BLOBS_YAML, { 'customers.csv': 'id,x1,x2\na,1,2\nb,3,\nc,5,6\n' }, store);
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv', { strict: true });
      await ws.close();
      const result = await cli(['model', 'fit', 'clusters', '-w', dir, '--k', '3']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('model "clusters": 2 customers have every feature; 3 clusters need at least 4');
      // One customer: the sentence in the singular.
      const one = await workspaceWith(BLOBS_YAML, { 'customers.csv': 'id,x1,x2\na,1,2\nb,3,\n' }, store);
      const ws1 = await open(one, store);
      await load(ws1, 'customers', 'customers.csv', { strict: true });
      await ws1.close();
      expect((await cli(['model', 'fit', 'clusters', '-w', one, '--k', '2'])).stderr).toContain('model "clusters": 1 customer has every feature; 2 clusters need at least 3');
    });
  });
});

describe('refused by segmenta check (no store opened)', () => {
  test('a feature naming an unknown field: segmenta check points at it in segmenta.yaml', async () => {
    const dir = await workspaceWith(BLOBS_YAML.replace('features: [x1, x2]', 'features: [x1, "sum(purchase.amont)"]'));
    const { code, json } = await cliJson<{ errors: Array<{ where: string; line: number; column: number; message: string }> }>(['check', '-w', dir]);
    expect(code).toBe(1);
    expect(json.errors).toEqual([
      // Column 63: where "sum(purchase.amont)" starts, inside the quotes; 82 just after it (19 characters).
      { where: 'models.clusters.features.1', line: 16, column: 63, endColumn: 82, message: 'unknown property "amont" at 16:63, did you mean "amount"?', hint: 'the properties of "purchase" are amount' },
    ]);
  });

  test('a feature that is not a number is refused', async () => {
    const dir = await workspaceWith(BLOBS_YAML.replace('features: [x1, x2]', 'features: [x1, x2 > 3]'));
    const { json } = await cliJson<{ errors: Array<{ where: string; message: string }> }>(['check', '-w', dir]);
    expect(json.errors).toEqual([expect.objectContaining({ where: 'models.clusters.features.1', message: expect.stringContaining('a feature must be a number, found') })]);
  });
});
