/**
 * Words of human output in French and English. Kept as plain functions per message so that
 * plurals and word order stay natural in each language.
 */
import type { Locale, TimeUnit } from '../workspace/types.js';
import type { TransitionsRefusal } from '../runs/transitions.js';
import type { Refusal } from '../engine/refusal.js';
import type { WorkspaceCounts } from '../workspace/check.js';

/**
 * The French form of a word or phrase agreeing with a count: singular for 0 and 1 (French counts
 * zero in the singular: « 0 client supprimé »), else the plural, by default the word with an s.
 */
function accord(n: number, singular: string, plural = `${singular}s`): string {
  return n <= 1 ? singular : plural;
}

const FRENCH_UNITS: Record<TimeUnit, [string, string]> = { days: ['jour', 'jours'], weeks: ['semaine', 'semaines'], months: ['mois', 'mois'] };

const fr = {
  imported: (file: string, counts: string) => `Import de ${file} : ${counts}`,
  counts: (c: { inserted: number; updated: number; unchanged: number; rejected: number }) =>
    `${c.inserted} ${accord(c.inserted, 'ajouté')}, ${c.updated} mis à jour, ${c.unchanged} ${accord(c.unchanged, 'inchangé')}, ${c.rejected} ${accord(c.rejected, 'rejeté')}`,
  rejectsAt: (file: string) => `Lignes rejetées : ${file}`,
  ignoredColumns: (columns: string) => `Colonnes que segmenta.yaml ne lit pas, ignorées : ${columns}`,
  didYouMean: (name: string) => `vouliez-vous dire « ${name} » ?`,
  line: 'ligne',
  /** Between a label and its value: French puts a space before the colon. */
  colon: ' : ',
  customer: 'Client',
  customerAsOf: (key: string, at: string) => `Client ${key} au ${at}`,
  segmentsAtRun: (run: number, at: string) => `Segments au passage ${run} (${at})`,
  noRunAsOf: (at: string) => `Aucun passage au ${at} ou avant : pas de segments`,
  inNoSegment: 'aucun',
  fields: 'Champs',
  records: (collection: string, n: number) => `${collection} (${n})`,
  recentEvents: (n: number, total: number) => `Derniers événements (${n} sur ${total})`,
  noEvents: 'Aucun événement',
  missing: '—',
  unknownCustomer: (key: string) => `client inconnu « ${key} »`,
  explainMember: 'membre',
  explainNotMember: 'non membre',
  explainNotYetCustomer: '(le client n’existait pas encore à cette date)',
  explainCounts: (c: { source: string; matching: number; all: number; where: boolean }) =>
    c.where ? `${c.source} : ${c.matching} sur ${c.all} ${accord(c.matching, 'répond', 'répondent')} à la condition` : `${c.source} : ${c.all}`,
  // Distances to 10 m; numbers keep the point of every other output (JSON and CSV alike).
  explainKm: (km: number) => `${km.toFixed(2)} km`,
  explainYears: (n: number) => `${n} an${n >= 2 ? 's' : ''}`,
  modelFitHeading: (model: string, kind: string, fit: number, at: string) => `Modèle ${model} (${kind}) — ajustement ${fit} au ${at}`,
  logLikelihood: 'log-vraisemblance',
  clvSummary: (c: { customers: number; repeat: number; calibrationEnd: string; horizon: number; unit: TimeUnit }) =>
    `${c.customers} ${accord(c.customers, 'client')} (${c.repeat} avec des achats répétés de montant moyen positif), calibration jusqu'au ${c.calibrationEnd}, horizon ${c.horizon} ${accord(c.horizon, FRENCH_UNITS[c.unit][0], FRENCH_UNITS[c.unit][1])}`,
  basketSummary: (b: { baskets: number; customers: number; minSupport: number; itemsets: string; rules: number; minConfidence: number; minLift: number }) =>
    `${b.baskets} ${accord(b.baskets, 'panier')}, ${b.customers} ${accord(b.customers, 'client')} ; ensembles fréquents (support ≥ ${b.minSupport}) : ${b.itemsets} ; ${b.rules} ${accord(b.rules, 'règle')} (confiance ≥ ${b.minConfidence}, lift ≥ ${b.minLift})`,
  moreRules: (n: number) => `… et ${n} ${accord(n, 'autre')} (--json pour toutes)`,
  confidence: 'confiance',
  clustersSummary: (c: { k: number; silhouette: string; byK: string; customers: number; unclustered: number; features: string }) =>
    `k = ${c.k} (silhouette ${c.silhouette} ; par k : ${c.byK}) sur ${c.customers} ${accord(c.customers, 'client')}, ${c.unclustered} ${accord(c.unclustered, 'non classé', 'non classés')} ; variables : ${c.features}`,
  demoCreated: (name: string, dir: string) => `${name} — démo créée dans ${dir}`,
  demoImported: (d: { customers: number; pets: number; events: number; runs: number }) =>
    `${d.customers} ${accord(d.customers, 'client')}, ${d.pets} ${accord(d.pets, 'animal', 'animaux')}, ${d.events} ${accord(d.events, 'événement importé', 'événements importés')} ; ${d.runs} ${accord(d.runs, 'passage mensuel rejoué', 'passages mensuels rejoués')}`,
  demoRecencyFrequency: (at: string) => `Récence × fréquence au ${at} :`,
  demoMoves: 'Mouvements du dernier mois :',
  demoMoveCounts: (m: { up: number; down: number; stayed: number; new: number }) => `montés ${m.up}, descendus ${m.down}, restés ${m.stayed}, nouveaux ${m.new}`,
  demoNext: (dir: string) =>
    `Ensuite : npx segmenta segments -w ${dir}   ·   npx segmenta transitions rfm -w ${dir}   ·   npx segmenta customer C000001 -w ${dir}`,
  demoCrossSell: (n: number) => `Ventes croisées : les ${n} règles les plus fortes (lift) :`,
  demoAtRisk: (pAlive: number) => `Clients de valeur qui risquent de partir (P(actif) < ${pAlive}, par valeur vie client sur un an) :`,
  pAlive: 'P(actif)',
  value: 'valeur',
  demoClusters: (k: number, silhouette: string) => `Groupes de clients (k-means, k = ${k}, silhouette ${silhouette}) :`,
  reevaluated: (n: number, run: number) => `${n} ${accord(n, 'client réévalué', 'clients réévalués')} (passage ${run})`,
  runNeeded: (n: number) => `${n} clients ont changé : lancez « segmenta run » pour les réévaluer`,
  rulesInvalid: 'clients non réévalués : une règle de segment est refusée (voir segmenta check) ; le prochain passage les prendra',
  created: (file: string, check: string) => `${file} créé\nEnsuite : modifiez-le, puis \`${check}\`, et importez vos données.`,
  valid: (file: string, c: WorkspaceCounts) =>
    `${file} est valide (${c.fields} ${accord(c.fields, 'champ client', 'champs client')}, ${c.collections} ${accord(c.collections, 'collection')}, ${c.eventTypes} ${accord(c.eventTypes, 'type d’événement', 'types d’événement')}, ${c.segments} ${accord(c.segments, 'segment')}, ${c.segmentations} ${accord(c.segmentations, 'segmentation')}, ${c.models} ${accord(c.models, 'modèle')})`,
  segments: 'Segments',
  models: 'Modèles',
  history: 'Historique',
  member: 'membre',
  runAt: (run: number, at: string) => `passage ${run} (${at})`,
  ongoing: 'en cours',
  serving: (name: string) => `${name} : passages selon le calendrier`,
  noHttpYet: (port: string) => `--port ${port} : l'API HTTP et le tableau de bord ne sont pas encore construits ; seul le calendrier est servi`,
  runMade: (run: number, at: string, rows: number) => `passage ${run} au ${at} : ${rows} ${accord(rows, "ligne d'appartenance écrite", "lignes d'appartenance écrites")}`,
  runAlreadyMade: (at: string, run: number) => `le passage au ${at} est déjà fait (passage ${run}) : rien à faire`,
  runSkipped: (at: string) => `passage au ${at} sauté : un passage est en cours`,
  runFailed: (at: string, error: string) => `le passage au ${at} a échoué : ${error}`,
  nextRun: (at: string, schedule: string, zone: string) => `prochain passage le ${at} (calendrier « ${schedule} », ${zone})`,
  stopping: (signal: string, busy: boolean) => `${signal} : arrêt${busy ? ' à la fin du passage en cours' : ''}`,
  runHeading: (run: number, at: string) => `Passage ${run} — ${at}`,
  noMonthEnd: (from: string, to: string) => `aucune fin de mois entre ${from} et ${to} : aucun passage`,
  deleted: (n: number) => `${n} ${accord(n, 'client supprimé', 'clients supprimés')}`,
  notCustomers: (keys: readonly string[]) => `aucun client sous ${keys.map((k) => `« ${k} »`).join(', ')} : rien à supprimer`,
  runListed: (created: string, customers: number, kind?: string) => `fait le ${created}, ${customers} ${accord(customers, 'client')}${kind ? `, ${kind === 'full' ? 'complet' : 'par client'}` : ''}`,
  notFitted: (model: string, error: string) => `${model} : non ajusté — ${error}`,
  notRescored: (model: string, error: string) => `${model} : non réévalué — ${error}`,
  fit: (id: number) => `ajustement ${id}`,
  undeclaredModel: (id: string) => `« ${id} » n'est pas déclaré sous « models: » dans segmenta.yaml : l'ajustement est enregistré, mais les règles et les fiches clients ne lisent que les modèles déclarés`,
  unclustered: 'non classés',
  transitionsBetween: (id: string, from: number, to: number) => `${id} : passage ${from} → ${to}`,
  segmentMoves: (m: { entered: number; left: number; stayed: number }) => `entrés ${m.entered}, sortis ${m.left}, restés ${m.stayed}`,
  segmentationMoves: (m: { up: number; down: number; stayed: number; new: number; gone: number }) =>
    `montés ${m.up}, descendus ${m.down}, restés ${m.stayed}, nouveaux ${m.new}, partis ${m.gone}`,
  refusal: (r: Refusal): string => {
    const s = r.subject;
    if (s === undefined) return r.message;
    const near = s.nearest !== undefined ? ` ; vouliez-vous dire « ${s.nearest} » ?` : '';
    const known = (label: string) => (s.known ? ` (${label} : ${s.known.join(', ')})` : '');
    switch (r.code) {
      case 'unknown-segment':
        if (s.segmentation) {
          const { example, segments, clustering } = s.segmentation;
          if (clustering) {
            const range = segments !== undefined && segments.length >= 2 ? ` (ses groupes : c1 à ${segments.at(-2)!}, autant que l'ajustement en trouve, et ${segments.at(-1)!})` : '';
            return `« ${s.name} » est un modèle k-means, dont les groupes forment une segmentation, pas un segment : nommez un de ses groupes dans une règle, comme ${s.name} = "${example}"${range}`;
          }
          const list = segments !== undefined ? ` (ses segments : ${segments.join(', ')})` : '';
          return `« ${s.name} » est une segmentation, pas un segment : nommez un de ses segments dans une règle, comme ${s.name} = "${example}"${list}`;
        }
        if (s.model) return `« ${s.name} » est un modèle, pas un segment : lisez ses sorties dans une règle, comme ${s.name}.${s.model.outputs[0]} (ses sorties : ${s.model.outputs.join(', ')})`;
        return `segment inconnu « ${s.name} »${near}${known('segments')}`;
      case 'unknown-field':
        return `champ inconnu « ${s.name} »${near}${known('champs')}`;
      case 'unknown-segmentation':
        return `segmentation inconnue « ${s.name} »`;
      case 'unknown-model':
        return `modèle inconnu « ${s.name} »`;
      default:
        return r.message;
    }
  },
  transitionsRefused: (r: TransitionsRefusal): string => {
    switch (r.code) {
      case 'unknown-key':
        return `« ${r.id} » n'est ni un segment ni une segmentation${r.nearest !== undefined ? ` ; vouliez-vous dire « ${r.nearest} » ?` : ''}`;
      case 'unknown-run':
        return `pas de passage ${r.run} (voir segmenta runs)`;
      case 'too-few-runs':
        return r.at === undefined
          ? 'les transitions demandent deux passages : faites-les avec segmenta run'
          : `les transitions demandent deux passages complets au ${r.at} ou avant : faites-les avec segmenta run --at`;
      case 'no-run-before':
        return `aucun passage complet avant le passage ${r.run} : donnez --from`;
    }
  },
};

/** `1 segment`, `3 segments`: English plurals by adding s (the words used here all take it). */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const en: typeof fr = {
  imported: (file, counts) => `Imported ${file}: ${counts}`,
  counts: (c) => `${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`,
  rejectsAt: (file) => `Rejected rows: ${file}`,
  ignoredColumns: (columns) => `Columns segmenta.yaml does not read, ignored: ${columns}`,
  didYouMean: (name) => `did you mean "${name}"?`,
  line: 'line',
  colon: ': ',
  customer: 'Customer',
  customerAsOf: (key, at) => `Customer ${key} as of ${at}`,
  segmentsAtRun: (run, at) => `Segments at run ${run} (${at})`,
  noRunAsOf: (at) => `No run at or before ${at}: no segments`,
  inNoSegment: 'none',
  fields: 'Fields',
  records: (collection, n) => `${collection} (${n})`,
  recentEvents: (n, total) => `Recent events (${n} of ${total})`,
  noEvents: 'No events',
  missing: '—',
  unknownCustomer: (key) => `unknown customer "${key}"`,
  explainMember: 'member',
  explainNotMember: 'not a member',
  explainNotYetCustomer: '(the customer did not exist yet at that time)',
  explainCounts: (c) => (c.where ? `${c.source}: ${c.matching} of ${c.all} ${c.matching === 1 ? 'meets' : 'meet'} the condition` : `${c.source}: ${c.all}`),
  explainKm: (km) => `${km.toFixed(2)} km`,
  explainYears: (n) => `${n} year${n === 1 ? '' : 's'}`,
  modelFitHeading: (model, kind, fit, at) => `Model ${model} (${kind}) — fit ${fit} as of ${at}`,
  logLikelihood: 'log-likelihood',
  clvSummary: (c) =>
    `${plural(c.customers, 'customer')} (${c.repeat} with repeat purchases of a positive mean amount), calibration up to ${c.calibrationEnd}, horizon ${plural(c.horizon, c.unit.slice(0, -1))}`,
  basketSummary: (b) =>
    `${plural(b.baskets, 'basket')}, ${plural(b.customers, 'customer')}; frequent itemsets (support ≥ ${b.minSupport}): ${b.itemsets}; ${plural(b.rules, 'rule')} (confidence ≥ ${b.minConfidence}, lift ≥ ${b.minLift})`,
  moreRules: (n) => `… and ${n} more (--json for all)`,
  confidence: 'confidence',
  clustersSummary: (c) =>
    `k = ${c.k} (silhouette ${c.silhouette}; by k: ${c.byK}) over ${plural(c.customers, 'customer')}, ${c.unclustered} unclustered; features: ${c.features}`,
  demoCreated: (name, dir) => `${name} — demo created in ${dir}`,
  demoImported: (d) => `${plural(d.customers, 'customer')}, ${plural(d.pets, 'pet')}, ${plural(d.events, 'event')} imported; ${plural(d.runs, 'monthly run')} replayed`,
  demoRecencyFrequency: (at) => `Recency × frequency at ${at}:`,
  demoMoves: 'Moves of the last month:',
  demoMoveCounts: (m) => `up ${m.up}, down ${m.down}, stayed ${m.stayed}, new ${m.new}`,
  demoNext: (dir) => `Next: npx segmenta segments -w ${dir}   ·   npx segmenta transitions rfm -w ${dir}   ·   npx segmenta customer C000001 -w ${dir}`,
  demoCrossSell: (n) => `Cross-selling: the ${n} strongest rules (lift):`,
  demoAtRisk: (pAlive) => `Valuable customers at risk of leaving (P(alive) < ${pAlive}, by lifetime value over a year):`,
  pAlive: 'P(alive)',
  value: 'value',
  demoClusters: (k, silhouette) => `Customer groups (k-means, k = ${k}, silhouette ${silhouette}):`,
  reevaluated: (n, run) => `${plural(n, 'customer')} re-evaluated (run ${run})`,
  runNeeded: (n) => `${n} customers changed: run "segmenta run" to re-evaluate them`,
  rulesInvalid: 'customers not re-evaluated: a segment\'s rule is refused (see segmenta check); the next run will take them',
  created: (file, check) => `Created ${file}\nNext: edit it, then \`${check}\` and import your data.`,
  valid: (file, c) =>
    `${file} is valid (${plural(c.fields, 'customer field')}, ${plural(c.collections, 'collection')}, ${plural(c.eventTypes, 'event type')}, ${plural(c.segments, 'segment')}, ${plural(c.segmentations, 'segmentation')}, ${plural(c.models, 'model')})`,
  segments: 'Segments',
  models: 'Models',
  history: 'History',
  member: 'member',
  runAt: (run, at) => `run ${run} (${at})`,
  ongoing: 'ongoing',
  serving: (name) => `serving ${name} on its schedule`,
  noHttpYet: (port) => `--port ${port}: the HTTP API and the dashboard are not built yet; serving the schedule only`,
  runMade: (run, at, rows) => `run ${run} as of ${at}: ${plural(rows, 'membership row')} written`,
  runAlreadyMade: (at, run) => `the run as of ${at} is already made (run ${run}): nothing to do`,
  runSkipped: (at) => `skipped the run of ${at}: a run is under way`,
  runFailed: (at, error) => `the run of ${at} failed: ${error}`,
  nextRun: (at, schedule, zone) => `next run ${at} (schedule "${schedule}", ${zone})`,
  stopping: (signal, busy) => `${signal}: stopping${busy ? ' once the run under way is done' : ''}`,
  runHeading: (run, at) => `Run ${run} — ${at}`,
  noMonthEnd: (from, to) => `no month end between ${from} and ${to}: no run made`,
  deleted: (n) => `${plural(n, 'customer')} deleted`,
  notCustomers: (keys) => `no customer ${keys.map((k) => `"${k}"`).join(', ')}: nothing to delete`,
  runListed: (created, customers, kind) => `created ${created}, ${plural(customers, 'customer')}${kind ? `, ${kind === 'full' ? 'full' : 'per customer'}` : ''}`,
  notFitted: (model, error) => `${model}: not fitted — ${error}`,
  notRescored: (model, error) => `${model}: not re-scored — ${error}`,
  fit: (id) => `fit ${id}`,
  undeclaredModel: (id) => `"${id}" is not declared under "models:" in segmenta.yaml: the fit is stored, but rules and customer profiles read declared models only`,
  unclustered: 'unclustered',
  transitionsBetween: (id, from, to) => `${id}: run ${from} → ${to}`,
  segmentMoves: (m) => `entered ${m.entered}, left ${m.left}, stayed ${m.stayed}`,
  segmentationMoves: (m) => `up ${m.up}, down ${m.down}, stayed ${m.stayed}, new ${m.new}, gone ${m.gone}`,
  refusal: (r) => r.message,
  transitionsRefused: (r) => {
    switch (r.code) {
      case 'unknown-key':
        return `unknown segment or segmentation "${r.id}"${r.nearest !== undefined ? `, did you mean "${r.nearest}"?` : ''}`;
      case 'unknown-run':
        return `no run ${r.run} (see segmenta runs)`;
      case 'too-few-runs':
        return r.at === undefined
          ? 'transitions need two runs: make them with segmenta run'
          : `transitions need two full runs at or before ${r.at}: make them with segmenta run --at`;
      case 'no-run-before':
        return `no full run before run ${r.run}: give --from`;
    }
  },
};

export type Messages = typeof fr;

export function messages(locale: Locale): Messages {
  return locale === 'fr' ? fr : en;
}
