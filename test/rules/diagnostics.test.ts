import { describe, expect, test } from 'vitest';
import { checkRule, nearestName, parseRule, renderDiagnostic } from '../../src/rules/index.js';
import { CLINIC } from './clinic-environment.js';

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
