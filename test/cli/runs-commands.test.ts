/**
 * `segmenta run`, `runs` and `transitions` as people read them: every refusal of `transitions`
 * (unknown segment, unknown run, too few runs, no full run before `--to`) says why, exits 1, and
 * gives its code in JSON; a replay's range that cannot be read or runs backwards is a usage error,
 * one without a month end says so; human output is in the language asked (`--lang`), else the
 * workspace's.
 * The counts themselves are checked against the reference in test/runs/runs.test.ts.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { cli, cliJson } from '../support/cli.js';
import { workspaceWith } from '../support/workspace.js';

const YAML = `name: Two runs
timezone: Europe/Zurich
locale: en
customers: { key: id, fields: {} }
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
segmentations:
  rf6: { model: rfm, event: purchase, amount: amount, scoring: { recency_days: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] }, map: rf6 }
segments:
  buyers:
    rule: any(purchase)
`;

// a buys in January and February, b in January only, c never.
const FILES = {
  'customers.csv': 'id\na\nb\nc\n',
  'events.csv': 'customer_id,type,time,amount\na,purchase,2024-01-10T10:00:00,20\nb,purchase,2024-01-12T10:00:00,30\na,purchase,2024-02-10T10:00:00,40\n',
};

interface Refusal {
  error: { code: string; message: string };
}

describe('run, runs and transitions on the command line', () => {
  let dir: string;
  const ok = async (args: string[]) => {
    const result = await cli([...args, '-w', dir]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  const refused = async (args: string[]) => {
    const human = await cli([...args, '-w', dir]);
    const json = await cliJson<Refusal>([...args, '-w', dir]);
    expect([human.code, json.code]).toEqual([1, 1]);
    expect(human.stdout).toBe('');
    return { stderr: human.stderr, json: json.json };
  };

  beforeAll(async () => {
    dir = await workspaceWith(YAML, FILES);
    await ok(['import', 'customers', 'customers.csv']);
    await ok(['import', 'events', 'events.csv']);
  });

  test('before two runs: transitions are refused, saying how to make them', async () => {
    const none = await refused(['transitions', 'rf6']);
    expect(none.stderr).toBe('error: transitions need two runs: make them with segmenta run\n');
    expect(none.json).toEqual({ error: { code: 'too-few-runs', message: 'transitions need two runs: make them with segmenta run' } });
    await ok(['run', '--at', '2024-01-31']);
    expect((await refused(['transitions', 'rf6'])).json.error.code).toBe('too-few-runs');
    const fr = await refused(['transitions', 'rf6', '--lang', 'fr']);
    expect(fr.stderr).toBe('error: les transitions demandent deux passages : faites-les avec segmenta run\n');
    const before = await refused(['transitions', 'rf6', '--to', '1']);
    expect(before.stderr).toBe('error: no full run before run 1: give --from\n');
    expect(before.json.error.code).toBe('no-run-before');
  });

  describe('after two runs', () => {
    beforeAll(async () => {
      await ok(['run', '--at', '2024-02-29']);
    });

    test('an unknown segment or segmentation is refused with the nearest name, in the language asked', async () => {
      const typo = await refused(['transitions', 'rf5']);
      expect(typo.stderr).toBe('error: unknown segment or segmentation "rf5", did you mean "rf6"?\n');
      expect(typo.json).toEqual({ error: { code: 'unknown-key', message: 'unknown segment or segmentation "rf5", did you mean "rf6"?' } });
      const fr = await refused(['transitions', 'nothing-like-it', '--lang', 'fr']);
      expect(fr.stderr).toBe("error: « nothing-like-it » n'est ni un segment ni une segmentation\n");
    });

    test('an unknown run is refused; a run number that is not one is a usage error', async () => {
      const unknown = await refused(['transitions', 'rf6', '--from', '9']);
      expect(unknown.stderr).toBe('error: no run 9 (see segmenta runs)\n');
      expect(unknown.json.error.code).toBe('unknown-run');
      expect((await refused(['transitions', 'buyers', '--to', '3', '--lang', 'fr'])).stderr).toBe('error: pas de passage 3 (voir segmenta runs)\n');
      const usage = await cli(['transitions', 'rf6', '--from', 'first', '-w', dir]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toBe('error: --from takes a run number, not "first"\n');
    });

    test('transitions in English and French: the same counts as the JSON', async () => {
      // By hand: at the end of January a and b bought once (rf6 r 5, f 1: new); at the end of
      // February a bought twice, 19 days ago (new still, f 2), b once 48 days ago (r 4: new); c is
      // a prospect at both runs. Nobody moves; `buyers` keeps a and b.
      const { json } = await cliJson<Record<string, unknown>>(['transitions', 'rf6', '-w', dir]);
      expect(json).toEqual({ from: 1, to: 2, matrix: { new: { new: 2 }, prospect: { prospect: 1 } }, up: 0, down: 0, stayed: 3, new: 0, gone: 0 });
      expect(await ok(['transitions', 'rf6'])).toBe(
        ['rf6: run 1 → 2', `  ${'New'.padEnd(26)} → ${'New'.padEnd(26)} ${'2'.padStart(8)}`, `  ${'Prospects'.padEnd(26)} → ${'Prospects'.padEnd(26)} ${'1'.padStart(8)}`, '  up 0, down 0, stayed 3, new 0, gone 0', ''].join('\n'),
      );
      expect(await ok(['transitions', 'rf6', '--lang', 'fr'])).toContain('rf6 : passage 1 → 2\n');
      expect(await ok(['transitions', 'rf6', '--lang', 'fr'])).toContain('  montés 0, descendus 0, restés 3, nouveaux 0, partis 0\n');
      expect(await ok(['transitions', 'buyers'])).toBe('buyers: run 1 → 2\n  entered 0, left 0, stayed 2\n');
      expect(await ok(['transitions', 'buyers', '--lang', 'fr'])).toBe('buyers : passage 1 → 2\n  entrés 0, sortis 0, restés 2\n');
    });

    test('a replay refuses a range it cannot read or that runs backwards, and says when it holds no month end', async () => {
      const usage = async (args: string[]) => {
        const result = await cli(['run', '--every', 'month', ...args, '-w', dir]);
        expect(result.code).toBe(2);
        return result.stderr;
      };
      expect(await usage(['--from', '2024-05-01', '--to', '2024-04-01'])).toBe('error: --from 2024-05-01 is after --to 2024-04-01\n');
      expect(await usage(['--from', '2024-13-01', '--to', '2024-04-01'])).toBe('error: --from: "2024-13-01" is not a valid date or time: there is no month 13\n');
      expect(await usage(['--from', '2023-02-29', '--to', '2024-04-01'])).toBe('error: --from: "2023-02-29" is not a valid date or time: 2023-02 has 28 days\n');
      expect(await usage(['--from', '2024-01-01', '--to', '2024-04-31T12:00'])).toBe('error: --to: "2024-04-31T12:00" is not a valid date or time: 2024-04 has 30 days\n');
      expect(await usage(['--from', '2024-01-01T25:00', '--to', '2024-04-01'])).toBe('error: --from: "2024-01-01T25:00" is not a valid date or time: there is no hour 25\n');
      expect(await usage(['--from', '2024-01-01T10:00+25:00', '--to', '2024-04-01'])).toBe('error: --from: "2024-01-01T10:00+25:00" is not a valid date or time: there is no offset +25:00\n');
      expect(await usage(['--from', '2024-01-01', '--to', 'soon'])).toBe('error: --to: "soon" is not an ISO date or date-time (e.g. 2024-06-30 or 2024-06-30T18:00:00)\n');
      const empty = await cliJson<unknown[]>(['run', '--every', 'month', '--from', '2024-01-02', '--to', '2024-01-20', '-w', dir]);
      expect([empty.code, empty.json, empty.stderr]).toEqual([0, [], 'no month end between 2024-01-02 and 2024-01-20: no run made\n']);
      const fr = await cli(['run', '--every', 'month', '--from', '2024-01-02', '--to', '2024-01-20', '-w', dir, '--lang', 'fr']);
      expect([fr.code, fr.stdout, fr.stderr]).toEqual([0, '', 'aucune fin de mois entre 2024-01-02 et 2024-01-20 : aucun passage\n']);
      // --to a date alone reaches the end of that day: noon of the same day is not after it.
      const sameDay = await cli(['run', '--every', 'month', '--from', '2024-01-20T12:00', '--to', '2024-01-20', '-w', dir]);
      expect([sameDay.code, sameDay.stderr]).toEqual([0, 'no month end between 2024-01-20T12:00 and 2024-01-20: no run made\n']);
      expect((await cliJson<unknown[]>(['runs', '-w', dir])).json).toHaveLength(2);
    });

    test('runs and run in the language asked', async () => {
      const listed = (await ok(['runs', '--lang', 'fr'])).trimEnd().split('\n');
      expect(listed).toHaveLength(2);
      expect(listed[0]).toMatch(/^ {4}2 {2}2024-02-29T00:00:00\+01:00 {2}fait le 20\d\d-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d, 3 clients$/);
      expect((await ok(['runs'])).split('\n')[1]).toMatch(/^ {4}1 {2}2024-01-31T00:00:00\+01:00 {2}created .+, 3 customers$/);
      expect((await ok(['runs', '--all', '--lang', 'fr'])).split('\n')[0]).toMatch(/, 3 clients, complet$/);
      expect((await ok(['runs', '--all'])).split('\n')[0]).toMatch(/, 3 customers, full$/);
      expect((await ok(['run', '--at', '2024-03-31', '--lang', 'fr'])).split('\n')[0]).toBe('Passage 3 — 2024-03-31T00:00:00+01:00') // summer time begins at 02:00 that day;
      const replay = await ok(['run', '--every', 'month', '--from', '2024-04-01', '--to', '2024-04-30', '--lang', 'fr']);
      expect(replay.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^passage 4 au 2024-04-01T00:00:00\+02:00 : (?:[01] ligne d'appartenance écrite|(?:[2-9]|\d\d+) lignes d'appartenance écrites)$/), expect.stringMatching(/^passage 5 au 2024-05-01T00:00:00\+02:00 : (?:[01] ligne d'appartenance écrite|(?:[2-9]|\d\d+) lignes d'appartenance écrites)$/)]);
    });

    test('delete names the keys that are no customers, and deletes the others', async () => {
      const fr = await cli(['delete', 'b', 'NOPE', 'b', '-w', dir, '--lang', 'fr']);
      expect([fr.code, fr.stdout, fr.stderr]).toEqual([0, '1 client supprimé\n', 'aucun client sous « NOPE » : rien à supprimer\n']);
      const again = await cliJson<unknown>(['delete', 'b', 'NOPE', '-w', dir]);
      expect([again.code, again.json]).toEqual([0, { deleted: 0, requested: 2, unknown: ['NOPE', 'b'] }]);
      expect((await cli(['delete', 'b', '-w', dir])).stderr).toBe('no customer "b": nothing to delete\n');
      // a bought last on 10 February, 111.6 days before 1 June (r 3, f 2: slipping); c never; b is gone.
      const { json } = await cliJson<{ segmentations: Record<string, unknown> }>(['run', '--at', '2024-06-01', '-w', dir]);
      expect(json.segmentations['rf6']).toEqual({ best: 0, engaged: 0, new: 0, slipping: 1, at_risk: 0, inactive: 0, prospect: 1 });
      expect((await cliJson<{ gone: number }>(['transitions', 'rf6', '-w', dir])).json.gone).toBe(1);
    });
  });
});

describe('transitions by default: the latest full run and the period before it', () => {
  test('a run made again at the same instant is compared with the instant before, not with its twin', async () => {
    const dir = await workspaceWith(YAML, FILES);
    const ok = async (args: string[]) => {
      const result = await cliJson<Record<string, unknown>>([...args, '-w', dir]);
      expect(result.code, result.stderr).toBe(0);
      return result.json;
    };
    await ok(['import', 'customers', 'customers.csv']);
    await ok(['import', 'events', 'events.csv']);
    const pair = async (...args: string[]) => {
      const { from, to } = await ok(['transitions', 'rf6', ...args]);
      return [from, to];
    };
    // Two runs of one instant, none earlier: the twin is all there is to compare with.
    await ok(['run', '--at', '2024-01-31']);
    await ok(['run', '--at', '2024-01-31']);
    expect(await pair()).toEqual([1, 2]);
    // A later instant, then that instant again: both are compared with the latest run of 31 January.
    await ok(['run', '--at', '2024-02-29']);
    expect(await pair()).toEqual([2, 3]);
    await ok(['run', '--at', '2024-02-29']);
    expect(await pair()).toEqual([2, 4]);
    expect(await pair('--to', '3')).toEqual([2, 3]);
    expect((await cliJson<Refusal>(['transitions', 'rf6', '--to', '1', '-w', dir])).json.error.code).toBe('no-run-before');
    expect(await pair('--from', '1')).toEqual([1, 4]);
    const ids = ((await ok(['runs'])) as unknown as Array<{ run: number }>).map((r) => r.run);
    expect(ids).toEqual([4, 3, 2, 1]);
  });
});
