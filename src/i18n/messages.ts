/**
 * Words of human output in French and English. Kept as plain functions per message so that
 * plurals and word order stay natural in each language.
 */
import type { Locale } from '../workspace/types.js';

const fr = {
  imported: (file: string) => `Import de ${file}`,
  counts: (c: { inserted: number; updated: number; unchanged: number; rejected: number }) =>
    `${c.inserted} ajouté(s), ${c.updated} mis à jour, ${c.unchanged} inchangé(s), ${c.rejected} rejeté(s)`,
  rejectsAt: (file: string) => `Lignes rejetées : ${file}`,
  line: 'ligne',
  customer: 'Client',
  fields: 'Champs',
  records: (collection: string, n: number) => `${collection} (${n})`,
  recentEvents: (n: number) => `Derniers événements (${n})`,
  noEvents: 'Aucun événement',
  missing: '—',
  unknownCustomer: (key: string) => `client inconnu « ${key} »`,
  reevaluated: (n: number, run: number) => `${n} client(s) réévalué(s) (passage ${run})`,
  runNeeded: (n: number) => `${n} clients ont de nouveaux événements : lancez « segmenta run » pour les réévaluer`,
  segments: 'Segments',
  models: 'Modèles',
  history: 'Historique',
  member: 'membre',
  runAt: (run: number, at: string) => `passage ${run} (${at})`,
  ongoing: 'en cours',
  serving: (name: string) => `${name} : passages selon le calendrier`,
  runMade: (run: number, at: string, rows: number) => `passage ${run} au ${at} : ${rows} ligne(s) d'appartenance écrite(s)`,
  runAlreadyMade: (at: string, run: number) => `le passage au ${at} est déjà fait (passage ${run}) : rien à faire`,
  runSkipped: (at: string) => `passage au ${at} sauté : un passage est en cours`,
  runFailed: (at: string, error: string) => `le passage au ${at} a échoué : ${error}`,
  nextRun: (at: string, schedule: string, zone: string) => `prochain passage le ${at} (calendrier « ${schedule} », ${zone})`,
  stopping: (signal: string, busy: boolean) => `${signal} : arrêt${busy ? ' à la fin du passage en cours' : ''}`,
};

const en: typeof fr = {
  imported: (file) => `Imported ${file}`,
  counts: (c) => `${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`,
  rejectsAt: (file) => `Rejected rows: ${file}`,
  line: 'line',
  customer: 'Customer',
  fields: 'Fields',
  records: (collection, n) => `${collection} (${n})`,
  recentEvents: (n) => `Recent events (${n})`,
  noEvents: 'No events',
  missing: '—',
  unknownCustomer: (key) => `unknown customer "${key}"`,
  reevaluated: (n, run) => `${n} customer(s) re-evaluated (run ${run})`,
  runNeeded: (n) => `${n} customers have new events: run "segmenta run" to re-evaluate them`,
  segments: 'Segments',
  models: 'Models',
  history: 'History',
  member: 'member',
  runAt: (run, at) => `run ${run} (${at})`,
  ongoing: 'ongoing',
  serving: (name) => `serving ${name} on its schedule`,
  runMade: (run, at, rows) => `run ${run} as of ${at}: ${rows} membership rows written`,
  runAlreadyMade: (at, run) => `the run as of ${at} is already made (run ${run}): nothing to do`,
  runSkipped: (at) => `skipped the run of ${at}: a run is under way`,
  runFailed: (at, error) => `the run of ${at} failed: ${error}`,
  nextRun: (at, schedule, zone) => `next run ${at} (schedule "${schedule}", ${zone})`,
  stopping: (signal, busy) => `${signal}: stopping${busy ? ' once the run under way is done' : ''}`,
};

export type Messages = typeof fr;

export function messages(locale: Locale): Messages {
  return locale === 'fr' ? fr : en;
}
