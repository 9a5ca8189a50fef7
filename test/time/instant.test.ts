import { describe, expect, test } from 'vitest';
import { InstantError, parseInstant } from '../../src/time/instant.js';
import { timestampLiteral } from '../../src/time/calendar.js';

// The instants below are worked out by hand from the zones' rules: Europe/Zurich is +01:00 in
// winter and +02:00 in summer; in 2024 its clocks went 02:00 → 03:00 on 31 March and 03:00 → 02:00
// on 27 October. America/Sao_Paulo went from midnight straight to 01:00 on 4 November 2018.
const ZURICH = 'Europe/Zurich';

describe('parseInstant (--at, --from, --to)', () => {
  test('every written form of one instant gives that instant', () => {
    const forms = [
      '2026-06-30T00:00:00+02:00',
      '2026-06-30T00:00:00+0200',
      '2026-06-30T00:00:00+02',
      '2026-06-30T00:00+02:00',
      '2026-06-30 00:00:00+02:00',
      '2026-06-29T22:00:00Z',
      '2026-06-29T22:00:00.000Z',
      '2026-06-29T18:00:00-04:00',
      '2026-06-30T00:00:00',
      '2026-06-30T00:00',
      '2026-06-30',
      ' 2026-06-30 ',
    ];
    for (const text of forms) expect(parseInstant(text, ZURICH).toISOString(), text).toBe('2026-06-29T22:00:00.000Z');
  });

  test('a naive date or time is read in the zone given, an offset overrides it', () => {
    expect(parseInstant('2026-01-15', ZURICH).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(parseInstant('2026-01-15', 'UTC').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(parseInstant('2026-01-15T12:00:00', 'America/New_York').toISOString()).toBe('2026-01-15T17:00:00.000Z');
    expect(parseInstant('2026-01-15T12:00:00Z', 'America/New_York').toISOString()).toBe('2026-01-15T12:00:00.000Z');
    expect(parseInstant('2026-01-15T12:00:00+05:30', ZURICH).toISOString()).toBe('2026-01-15T06:30:00.000Z');
  });

  test('around clock changes a naive time reads as PostgreSQL reads it, and as a rule literal does', () => {
    const cases: Array<[string, string, string]> = [
      // In the spring gap 02:30 does not exist: read with the offset before the change (+01:00).
      ['2024-03-31T02:30', ZURICH, '2024-03-31T01:30:00.000Z'],
      ['2024-03-31T01:59:59', ZURICH, '2024-03-31T00:59:59.000Z'],
      ['2024-03-31T03:00', ZURICH, '2024-03-31T01:00:00.000Z'],
      // In the autumn overlap 02:30 happens twice: the later one (+01:00, after the change).
      ['2024-10-27T02:30', ZURICH, '2024-10-27T01:30:00.000Z'],
      ['2024-10-27T01:30', ZURICH, '2024-10-26T23:30:00.000Z'],
      ['2024-10-27T03:30', ZURICH, '2024-10-27T02:30:00.000Z'],
      // A day whose midnight falls in a gap begins at the first instant after it (01:00 -02:00).
      ['2018-11-04', 'America/Sao_Paulo', '2018-11-04T03:00:00.000Z'],
    ];
    for (const [text, zone, expected] of cases) {
      expect(parseInstant(text, zone).toISOString(), text).toBe(expected);
      if (text.includes('T')) expect(timestampLiteral(text, zone).toISOString(), `rule literal ${text}`).toBe(expected);
    }
  });

  test('text that is not an ISO date or date-time is refused, and the error says why', () => {
    const refused: Array<[string, RegExp]> = [
      ['yesterday', /"yesterday" is not an ISO date or date-time \(e\.g\. 2024-06-30/],
      ['2024-6-1', /"2024-6-1" is not an ISO date or date-time/],
      ['30.06.2024', /is not an ISO date or date-time/],
      ['2024-06-30T18', /is not an ISO date or date-time/],
      ['2024-06-30T18:00+2', /is not an ISO date or date-time/],
      ['', /"" is not an ISO date or date-time/],
      ['2024-02-30', /^"2024-02-30" is not a valid date or time: 2024-02 has 29 days$/],
      ['2023-02-29', /^"2023-02-29" is not a valid date or time: 2023-02 has 28 days$/],
      ['2024-06-31', /^"2024-06-31" is not a valid date or time: 2024-06 has 30 days$/],
      ['2024-13-01', /^"2024-13-01" is not a valid date or time: there is no month 13$/],
      ['2024-01-01T25:00', /"2024-01-01T25:00" is not a valid date or time: there is no hour 25/],
      ['2024-01-01T10:60', /: there is no minute 60$/],
      ['2024-01-01T10:00+25:00', /"2024-01-01T10:00\+25:00" is not a valid date or time: there is no offset \+25:00/],
      ['2024-01-01T10:00+2500', /"2024-01-01T10:00\+2500" is not a valid date or time: there is no offset \+25:00$/],
      ['2024-01-01T10:00:00.5-24', /"2024-01-01T10:00:00\.5-24" is not a valid date or time: there is no offset -24:00$/],
      ['2024-01-01T10:00+0260', /: there is no offset \+02:60$/],
    ];
    for (const [text, message] of refused) {
      let error: unknown;
      try {
        parseInstant(text, ZURICH);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(InstantError);
      expect((error as Error).message, text).toMatch(message);
    }
  });
});
