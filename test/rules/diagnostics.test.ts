import { describe, expect, test } from 'vitest';
import { checkRule, nearestName, parseRule, renderDiagnostic } from '../../src/rules/index.js';
import { CLINIC } from './clinic-environment.js';
import type { RuleEnvironment } from '../../src/rules/index.js';
import type { FieldType } from '../../src/workspace/types.js';
import { loadWorkspace, parseWorkspace } from '../../src/workspace/load.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ruleEnvironment } from '../../src/workspace/rule-environment.js';
import { FIXTURE } from '../support/workspace.js';
import { checkWorkspaceRules, prepareRule, RuleRefused } from '../../src/workspace/check-rules.js';
import { checkFeature } from '../../src/models/cluster-features.js';

describe('rendering', () => {
  test('message, source line and a caret under the text at fault', () => {
    const text = 'langage = "fr"';
    const [d] = checkRule(parseRule(text).ast!, CLINIC).diagnostics;
    expect(renderDiagnostic(d!, text)).toBe(
      [
        'unknown field "langage" at 1:1, did you mean "language"?',
        '  1 | langage = "fr"',
        '    | ^^^^^^^',
        '    = hint: the customer fields are first_name, last_name, email, language, birth_date, gender, home, postcode, created_at, email_opt_in',
      ].join('\n'),
    );
  });

  test('on a later line, after tabs, and at the end of the rule', () => {
    const text = 'language = "fr"\n\tand x = 2024-02-30';
    expect(renderDiagnostic(parseRule(text).diagnostics[0]!, text)).toBe(
      ['invalid date "2024-02-30" at 2:10, 2024-02 has 29 days', '  2 | \tand x = 2024-02-30', '    | \t        ^^^^^^^^^^'].join('\n'),
    );
    const open = 'language = ';
    expect(renderDiagnostic(parseRule(open).diagnostics[0]!, open)).toBe(
      ['expected a value after "=" at 1:12, found end of rule', '  1 | language = ', '    |            ^'].join('\n'),
    );
  });

  test('a span over several lines is underlined to the end of its first line', () => {
    const text = 'any(pets\n  where name) and x';
    const [d] = checkRule(parseRule(text).ast!, CLINIC).diagnostics;
    expect(renderDiagnostic(d!, text).split('\n').slice(1, 3)).toEqual(['  2 |   where name) and x', '    |         ^^^^']);
  });
});

describe('hints for habits of other languages', () => {
  const first = (text: string) => {
    const parsed = parseRule(text);
    const d = parsed.diagnostics[0] ?? checkRule(parsed.ast!, CLINIC).diagnostics[0]!;
    return renderDiagnostic(d, text).split('\n');
  };
  /** The last line: the hint, when there is one. */
  const hint = (text: string) => first(text).at(-1);

  test('"==": equality is written with one "="', () => {
    expect(first('language == "fr"')).toEqual([
      'expected a value after "=" at 1:11, found "="',
      '  1 | language == "fr"',
      '    |           ^',
      '    = hint: equality is written with one "=", as in language = "fr"',
    ]);
    expect(first('language = ')).toHaveLength(3); // a missing value alone gets no such hint
  });

  test('"et", "ou": conditions are joined with "and" and "or"; a unit after a number', () => {
    expect(first('language = "fr" et gender = "F"')).toEqual([
      'expected "and", "or" or the end of the rule at 1:17, found "et"',
      '  1 | language = "fr" et gender = "F"',
      '    |                 ^^',
      '    = hint: conditions are joined with the English words "and" and "or"',
    ]);
    expect(first('language = "fr" OU language = "de"').at(-1)).toBe('    = hint: conditions are joined with the English words "and" and "or"');
    expect(first('age(birth_date) >= 10 ans')).toEqual([
      'expected "and", "or" or the end of the rule at 1:23, found "ans"',
      '  1 | age(birth_date) >= 10 ans',
      '    |                       ^^^',
      '    = hint: a number takes no unit here: only windows (90 days) and distances (20 km) do; age() counts years',
    ]);
    expect(first('language = "fr" gender = "F"')).toHaveLength(3); // no hint that would not help
    // A keyword or an exponent after a number is no unit; a window or where outside the parentheses.
    expect(first('sum(purchase.amount) > 1e3')).toHaveLength(3);
    const inside = '    = hint: "where" and "within" go inside the parentheses, after what is counted: count(x where … within 90 days) > 2';
    expect(first('count(purchase) > 2 within 90 days').at(-1)).toBe(inside);
    expect(first('count(pets) > 2 where species = "cat"').at(-1)).toBe(inside);
    expect(first('count(purchase where amount > 100 in last 90 days) > 2').at(-1)).toBe('    = hint: a time window (of events) is written "within 90 days"');
    expect(first('any(pets where age(birth_date) >= 10 ans)').at(-1)).toBe('    = hint: a number takes no unit here: only windows (90 days) and distances (20 km) do; age() counts years');
  });

  test('quotes around a date, a boolean or a number, and none around a text; "<>"; "in last"', () => {
    expect(first('birth_date < "1980-01-01"')).toEqual([
      'cannot compare "birth_date" (date) with "1980-01-01" (string) at 1:1',
      '  1 | birth_date < "1980-01-01"',
      '    | ^^^^^^^^^^^^^^^^^^^^^^^^^',
      '    = hint: write it without quotes: 1980-01-01',
    ]);
    expect(hint('"2026-01-01T08:00" < created_at')).toBe('    = hint: write it without quotes: 2026-01-01T08:00');
    expect(hint('email_opt_in = "TRUE"')).toBe('    = hint: write it without quotes: TRUE');
    expect(hint('created_at > "2025-01-01"')).toBe('    = hint: write it without quotes: 2025-01-01'); // a date against a timestamp: its whole day
    expect(hint('count(purchase) > "2"')).toBe('    = hint: write it without quotes: 2');
    expect(hint('postcode = 1000')).toBe('    = hint: a text is written in double quotes: "1000"');
    // Only what the language reads once unquoted: no advice it would then refuse.
    for (const refused of ['birth_date < "soon"', 'birth_date < "1980-02-30"', 'created_at > "2025-01-01 10:00"', 'created_at > "2025-01-01T10"', 'count(pets) > "0x10"', 'count(pets) > ".5"', 'count(pets) > "1e3"']) {
      expect(first(refused), refused).toHaveLength(3);
    }
    expect(hint('language <> "fr"')).toBe('    = hint: "not equal" is written "!="');
    expect(hint('count(purchase in last 90 days) >= 2')).toBe('    = hint: a time window (of events) is written "within 90 days"');
    expect(hint('count(purchase within last 90 days) >= 2')).toBe('    = hint: a time window (of events) is written "within 90 days"');
    expect(hint('count(purchase within the last 90 days) >= 2')).toBe('    = hint: a time window (of events) is written "within 90 days"');
    expect(hint('created_at > now - 30 days')).toMatch(/; relative dates are written "30 days ago" or "within 30 days" \(the evaluation instant is implied\)$/);
  });

  test('a record\'s field at the customer\'s level, a quoted place, a list compared with "="', () => {
    expect(hint('species = "cat"')).toBe('    = hint: "species" is a field of pets: test it inside any(pets where species …)');
    expect(hint('amount > 100')).toBe('    = hint: "amount" is a field of purchase: test it inside any(purchase where amount …)');
    expect(hint('age(pets.birth_date) > 3')).toBe('    = hint: it has one value per record: any(pets where age(birth_date) >= 10)');
    expect(hint('purchase.amount > 3')).toBe('    = hint: it has one value per event: sum(purchase.amount) > 100, or any(purchase where amount > 100)');
    expect(hint('distance(home, "clinic") < 5 km')).toBe('    = hint: a place is named without quotes: clinic');
    expect(hint('any(pets where conditions = "obesity")')).toBe('    = hint: a list is tested with "contains": conditions contains "obesity"');
    expect(hint('any(pets where conditions != "obesity")')).toBe('    = hint: a list is tested with "contains": not conditions contains "obesity"');
    // What the hints say is accepted.
    for (const rule of ['any(pets where age(birth_date) >= 10)', 'distance(home, clinic) < 5 km', 'any(pets where not conditions contains "obesity")']) {
      expect(checkRule(parseRule(rule).ast!, CLINIC).diagnostics, rule).toEqual([]);
    }
  });

  test('an event type with a window but no aggregate: any(…) or count(…) around it, as written', () => {
    expect(first('visit within 3 months')).toEqual([
      'event type "visit" is not a value at 1:1',
      '  1 | visit within 3 months',
      '    | ^^^^^',
      '    = hint: any(visit within 3 months) tests whether there is one; count(visit within 3 months) counts them',
    ]);
    expect(first('purchase within 1 year and language = "fr"').at(-1)).toBe(
      '    = hint: any(purchase within 1 year) tests whether there is one; count(purchase within 1 year) counts them',
    );
    // A collection or a field with a window keeps its own diagnostics.
    expect(first('pets within 3 months').at(-1)).toBe('    = hint: test it with any(pets where ...) or count(pets)');
    expect(checkRule(parseRule('created_at within 30 days').ast!, CLINIC).diagnostics).toEqual([]);
    for (const rule of ['any(visit within 3 months)', 'count(visit within 3 months) >= 1', 'any(purchase within 1 year)']) {
      expect(checkRule(parseRule(rule).ast!, CLINIC).diagnostics, rule).toEqual([]);
    }
  });

  test('SQL\'s and C\'s habits: a list in parentheses, "&&" and "||"; a function named without its arguments', () => {
    expect(first('language in ("fr","de")')).toEqual([
      'expected a list "[...]" after "in" at 1:13, found "("',
      '  1 | language in ("fr","de")',
      '    |             ^',
      '    = hint: a list is written in square brackets: ["fr", "de"]',
    ]);
    expect(hint('language not in ( "it" )')).toBe('    = hint: a list is written in square brackets: ["it"]');
    expect(hint('count(purchase) in (1, -2)')).toBe('    = hint: a list is written in square brackets: [1, -2]');
    // Items a list does not take (bare words, an empty item): the example alone.
    expect(hint('language in (fr, de)')).toBe('    = hint: a list is written in square brackets: ["fr", "de"], [1, 2]');
    expect(hint('language in ("fr",)')).toBe('    = hint: a list is written in square brackets: ["fr", "de"], [1, 2]');
    expect(hint('age(birth_date) in (30, x)')).toBe('    = hint: a list is written in square brackets: ["fr", "de"], [1, 2]');
    expect(hint('language = "fr" && gender = "F"')).toBe('    = hint: conditions are joined with the words "and" and "or"');
    expect(hint('language = "fr" || gender = "F"')).toBe('    = hint: conditions are joined with the words "and" and "or"');
    expect(first('age > 30')).toEqual(['unknown field "age" at 1:1', '  1 | age > 30', '    | ^^^', '    = hint: age is a function of a date: age(birth_date) >= 18']);
    expect(hint('any(pets where age > 10)')).toBe('    = hint: age is a function of a date: age(birth_date) >= 18');
    expect(hint('distance < 5 km')).toBe('    = hint: distance is a function of two places: distance(home, clinic) < 20 km');
    for (const rule of ['language in ["fr", "de"]', 'language not in ["it"]', 'count(purchase) in [1, -2]', 'age(birth_date) >= 18', 'any(pets where age(birth_date) >= 18)', 'distance(home, clinic) < 20 km']) {
      expect(checkRule(parseRule(rule).ast!, CLINIC).diagnostics, rule).toEqual([]);
    }
  });

  test('a relative date with its own duration; a segment\'s id without quotes, or compared as a value', () => {
    expect(hint('last(purchase) > 90 days')).toBe('    = hint: a relative date is written "90 days ago" (before it: < 90 days ago; since it: >= 90 days ago)');
    expect(hint('birth_date < 1 year')).toBe('    = hint: a relative date is written "1 year ago" (before it: < 1 year ago; since it: >= 1 year ago)');
    // Compared with a number, a duration's unit is the mistake: no relative date (it would be refused).
    const noUnit = '    = hint: a number takes no unit here: only windows (90 days) and distances (20 km) do; age() counts years';
    expect(hint('age(birth_date) > 30 years')).toBe(noUnit);
    expect(hint('count(purchase) > 3 days')).toBe(noUnit);
    expect(first('in segment senior-cats')).toEqual([
      'expected the id of a segment in double quotes after "in segment" at 1:12, found "senior"',
      '  1 | in segment senior-cats',
      '    |            ^^^^^^',
      '    = hint: a segment\'s id is written in double quotes: in segment "senior-cats"',
    ]);
    expect(hint('in segment vip and language = "fr"')).toBe('    = hint: a segment\'s id is written in double quotes: in segment "vip"');
    expect(hint('in segment promo-2026-01-01')).toBe('    = hint: a segment\'s id is written in double quotes: in segment "promo-2026-01-01"');
    expect(hint('(in segment vip)')).toBe('    = hint: a segment\'s id is written in double quotes: in segment "vip"');
    // Not when something else touches the words (it would name another segment), nor for a keyword.
    for (const rule of ['in segment vip.fr', 'in segment clients-é', 'in segment and']) expect(hint(rule), rule).not.toMatch(/in segment "/);
    expect(first('segment = "senior-pets"')).toEqual([
      'unknown field "segment" at 1:1',
      '  1 | segment = "senior-pets"',
      '    | ^^^^^^^',
      '    = hint: a segment\'s members are tested with in segment "senior-pets"',
    ]);
    expect(hint('segment != "heart-dogs" and language = "fr"')).toBe('    = hint: a segment\'s members are tested with not in segment "heart-dogs"');
    expect(hint('"senior-pets" = segment')).toBe('    = hint: a segment\'s members are tested with in segment "senior-pets"');
    // A text that names no segment, or a test inside an event: the usual hint of an unknown name.
    expect(hint('segment = "nope"')).toMatch(/= hint: the customer fields are /);
    expect(hint('any(purchase where segment = "senior-pets")')).toMatch(/= hint: the properties of "purchase" are /);
    // A segmentation or model whose id is `segment` is compared as any other (accepted before this hint).
    const named: RuleEnvironment = {
      ...CLINIC,
      segmentations: new Map([...CLINIC.segmentations, ['segment', CLINIC.segmentations.get('rf6')!]]),
      segments: new Set([...CLINIC.segments, 'best']),
    };
    for (const rule of ['segment = "best"', 'not segment != "best"', '`segment` = "best"']) expect(checkRule(parseRule(rule).ast!, named).diagnostics, rule).toEqual([]);
    for (const rule of ['last(purchase) < 90 days ago', 'birth_date < 1 year ago', 'in segment "senior-pets"', 'not in segment "heart-dogs" and language = "fr"']) {
      expect(checkRule(parseRule(rule).ast!, CLINIC).diagnostics, rule).toEqual([]);
    }
  });

  test('a segment\'s display name where its id belongs (the fixture\'s rf6 and lifecycle)', async () => {
    const { workspace } = await loadWorkspace(FIXTURE);
    const env = ruleEnvironment(workspace!);
    const hint = (text: string) => checkRule(parseRule(text).ast!, env).diagnostics.map((d) => d.hint);
    expect(hint('rf6 = "Meilleurs clients"')).toEqual(['"Meilleurs clients" is the name of the segment "best": rules name it by its id, "best"']);
    expect(hint('rf6 != "Meilleurs clients"')).toEqual(['"Meilleurs clients" is the name of the segment "best": rules name it by its id, "best"']);
    expect(hint('lifecycle = "at risk"')).toEqual(['"at risk" is the name of the segment "at_risk": rules name it by its id, "at_risk"']);
    expect(hint('rf6 in ["Best", "new"]')).toEqual(['"Best" is the name of the segment "best": rules name it by its id, "best"']);
    expect(hint('rf6 = "Bestt"')).toEqual(['the segments of "rf6" are best, engaged, new, slipping, at_risk, inactive, prospect']);
    for (const rule of ['rf6 = "best"', 'lifecycle = "at_risk"']) expect(checkRule(parseRule(rule).ast!, env).diagnostics, rule).toEqual([]);
  });

  test('a segment\'s id without quotes, where the workspace is known: the nearest segment, or the list', async () => {
    const { workspace } = await loadWorkspace(FIXTURE);
    const hints = (text: string) => {
      try {
        prepareRule(workspace!, text);
      } catch (error) {
        if (error instanceof RuleRefused) return error.diagnostics.map((d) => d.hint);
        throw error;
      }
      return [];
    };
    expect(hints('in segment senior-pets')).toEqual(['a segment\'s id is written in double quotes: in segment "senior-pets"']);
    expect(hints('in segment senior-pet')).toEqual(['a segment\'s id is written in double quotes: in segment "senior-pets"']);
    expect(hints('in segment Heart-Dogs and language = "fr"')).toEqual(['a segment\'s id is written in double quotes: in segment "heart-dogs"']);
    expect(hints('in segment nope')).toEqual([
      'a segment\'s id is written in double quotes, and there is no segment "nope": the segments are cats-ckd-fr-20km, senior-pets, heart-dogs',
    ]);
    // A k-means feature is read the same way.
    expect(checkFeature('in segment senior-pet', ruleEnvironment(workspace!)).diagnostics.map((d) => d.hint)).toEqual(['a segment\'s id is written in double quotes: in segment "senior-pets"']);
    // A rule of segmenta.yaml too, placed in the file.
    const yaml = readFileSync(path.join(FIXTURE, 'segmenta.yaml'), 'utf8').replace('\nsegments:\n', '\nsegments:\n  both:\n    rule: in segment heart-dog or in segment xyz\n');
    const parsed = parseWorkspace(yaml, 'segmenta.yaml');
    expect(parsed.diagnostics).toEqual([]);
    const problems = checkWorkspaceRules(parsed.workspace!).diagnostics;
    expect(problems.map((d) => [d.where, d.line, d.column, d.hint])).toEqual([['segments.both.rule', 49, 22, 'a segment\'s id is written in double quotes: in segment "heart-dogs"']]);
    // Without any segment.
    const none = parseWorkspace(yaml.replace(/\nsegments:\n[\s\S]*?\nsegmentations:/, '\nsegmentations:'), 'segmenta.yaml');
    expect(none.diagnostics).toEqual([]);
    expect(() => prepareRule(none.workspace!, 'in segment vip')).toThrow(RuleRefused);
    try {
      prepareRule(none.workspace!, 'in segment vip');
    } catch (error) {
      expect((error as RuleRefused).diagnostics.map((d) => d.hint)).toEqual(['a segment\'s id is written in double quotes, and there is no segment "vip": the workspace has no segment']);
    }
  });

  test('display names differing only in case: the name as written wins; an event type\'s name in backticks in the window hint', () => {
    const yaml = readFileSync(path.join(FIXTURE, 'segmenta.yaml'), 'utf8')
      .replace('    visit: {}\n', '    visit: {}\n    rendez-vous: {}\n')
      .replace('\nsegmentations:\n', '\nsegmentations:\n  custom:\n    model: rfm\n    event: purchase\n    scoring: quintiles\n    map:\n      mid: { name: VIP, r: "4..5", f: "4..5" }\n      low: { name: Vip }\n');
    const { workspace, diagnostics } = parseWorkspace(yaml, 'segmenta.yaml');
    expect(diagnostics).toEqual([]);
    const env = ruleEnvironment(workspace!);
    const hint = (text: string) => checkRule(parseRule(text).ast!, env).diagnostics.map((d) => d.hint);
    expect(hint('custom = "Vip"')).toEqual(['"Vip" is the name of the segment "low": rules name it by its id, "low"']);
    expect(hint('custom = "VIP"')).toEqual(['"VIP" is the name of the segment "mid": rules name it by its id, "mid"']);
    expect(hint('custom = "vip"')).toEqual(['"vip" is the name of the segment "mid": rules name it by its id, "mid"']);
    expect(hint('`rendez-vous` within 3 months')).toEqual(['any(`rendez-vous` within 3 months) tests whether there is one; count(`rendez-vous` within 3 months) counts them']);
    expect(checkRule(parseRule('any(`rendez-vous` within 3 months)').ast!, env).diagnostics).toEqual([]);
  });

  test('the examples fit each field\'s type and quote names that need it; no hint that would be refused', () => {
    const env: RuleEnvironment = {
      ...CLINIC,
      collections: new Map([
        ...CLINIC.collections,
        ['tags', new Map<string, FieldType>([['where', 'string'], ['weight-kg', 'number'], ['chip_at', 'timestamp'], ['neutered', 'boolean'], ['loc', 'geopoint'], ['nums', 'list<number>']])],
      ]),
      places: new Set(['clinic', 'lac-leman']),
    };
    const hint = (text: string) => {
      const parsed = parseRule(text);
      const d = parsed.diagnostics[0] ?? checkRule(parsed.ast!, env).diagnostics[0]!;
      return d.hint;
    };
    const accepted = (rule: string) => expect(checkRule(parseRule(rule).ast!, env).diagnostics, rule).toEqual([]);
    const examples: Array<[string, string]> = [
      ['tags.neutered', 'any(tags where neutered)'],
      ['tags.chip_at > 2024-01-01', 'any(tags where chip_at >= 30 days ago)'],
      ['tags.loc is null', 'any(tags where distance(loc, clinic) < 20 km)'],
      ['tags.nums contains 3', 'any(tags where nums contains 1)'],
      ['tags.`where` = "x"', 'any(tags where `where` = "x")'],
      ['tags.`weight-kg` > 3', 'any(tags where `weight-kg` > 100)'],
    ];
    for (const [rule, example] of examples) {
      expect(hint(rule), rule).toMatch(new RegExp(`any\\(tags where .*\\)$`));
      expect(hint(rule)!.endsWith(example), rule).toBe(true);
      accepted(example);
    }
    expect(hint('tags.`weight-kg` > 3')).toBe('it has one value per record: sum(tags.`weight-kg`) > 100, or any(tags where `weight-kg` > 100)');
    accepted('sum(tags.`weight-kg`) > 100');
    expect(hint('tags.foo = 1')).toBe('the fields of "tags" are where, weight-kg, chip_at, neutered, loc, nums');
    expect(hint('distance(home, "lac-leman") < 20 km')).toBe('a place is named without quotes: `lac-leman`');
    accepted('distance(home, `lac-leman`) < 20 km');
    expect(hint('`where` = "home"')).toMatch(/^"where" is a field of tags: test it inside any\(tags where `where` …\)/);
    // After customer., the customer's field is meant: no "field of pets" advice.
    expect(hint('any(pets where customer.species = "cat")')).not.toContain('is a field of pets');
    // A list compared with a value of another type: no "contains" that would be refused.
    expect(hint('any(pets where conditions = 3)')).toBeUndefined();
    // A number no double holds: refused with its diagnostic, never a crash.
    expect(() => checkRule(parseRule(`any(pets where conditions = ${'9'.repeat(330)})`).ast!, env)).not.toThrow();
    expect(() => checkRule(parseRule(`language = ${'9'.repeat(330)}`).ast!, env)).not.toThrow();
    // A comment inside a quoted text: no "without quotes" advice that would comment out the rest.
    expect(hint('any(pets where birth_date < "2015-01-01 # x")')).toBeUndefined();
  });

  test('window habits: only where something is counted, and not for "in segment"', () => {
    expect(first('language = "fr" where x')).toHaveLength(3);
    expect(first('age(birth_date) >= 10 within 90 days')).toHaveLength(3);
    expect(hint('count(purchase) > 2 in last 90 days')).toBe('    = hint: "where" and "within" go inside the parentheses, after what is counted: count(x where … within 90 days) > 2');
    expect(hint('any(pets where age(birth_date) > 3 in segment "senior-pets")')).not.toContain('window');
  });

  test('a bare word compared with a field: a text is written in double quotes', () => {
    expect(first('language = fr').at(-1)).toBe(
      '    = hint: the customer fields are first_name, last_name, email, language, birth_date, gender, home, postcode, created_at, email_opt_in; a text is written in double quotes: "fr"',
    );
    expect(first('any(pets where species = cat)').at(-1)).toBe(
      `    = hint: the fields of "pets" are name, species, birth_date, conditions; customer.f reaches the customer's field f; a text is written in double quotes: "cat"`,
    );
    // Not on the left, nor against a number, date or boolean, nor for a customer's field inside
    // where, nor when a name is close (then the nearest is suggested instead).
    expect(first('zzz = "fr"').at(-1)).not.toContain('double quotes');
    expect(first('birth_date > yesterday').at(-1)).not.toContain('double quotes');
    expect(first('age(birth_date) > ten').at(-1)).not.toContain('double quotes');
    expect(first('any(pets where species = language)').at(-1)).toBe('    = hint: "language" is a field of the customer: write customer.language');
    expect(first('language = langage')[0]).toBe('unknown field "langage" at 1:12, did you mean "language"?');
    expect(first('language = langage').at(-1)).not.toContain('double quotes');
  });
});

describe('suggestions', () => {
  test('threshold: at most 2 edits and a third of the length; transpositions count 1', () => {
    expect(nearestName('langage', ['language', 'gender'])).toBe('language');
    expect(nearestName('lnaguage', ['language'])).toBe('language');
    expect(nearestName('Language', ['language'])).toBe('language');
    expect(nearestName('lang', ['language'])).toBeUndefined();
    expect(nearestName('ab', ['ac'])).toBe('ac');
    expect(nearestName('abc', ['xyz', 'axy'])).toBeUndefined();
    expect(nearestName('emial', ['email', 'e-mail'])).toBe('email');
  });
});
