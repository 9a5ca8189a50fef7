import { describe, expect, test } from 'vitest';
import { createRandom } from '../../src/math/random.js';
import {
  buildHistory,
  clinicTime,
  DayKind,
  emergencyTime,
  epochDay,
  formatEpochDay,
  onlineTime,
  parseIsoDate,
} from '../../src/demo/calendar.js';

describe('history', () => {
  test('covers the three years that end on `until`', () => {
    const history = buildHistory(parseIsoDate('2026-10-31')!);
    expect(formatEpochDay(history.firstEpochDay)).toBe('2023-11-01');
    expect(history.days).toBe(1096);
    expect(history.dateText[0]).toBe('2023-11-01');
    expect(history.dateText[history.days - 1]).toBe('2026-10-31');
    expect(history.months.length).toBe(36);
    expect(history.months[0]).toEqual({ first: 0, last: 29 });
    expect(history.months[35]!.last).toBe(1095);
  });

  test('starts the day after the same date three years earlier, 28 February for a 29th', () => {
    expect(formatEpochDay(buildHistory(parseIsoDate('2028-02-29')!).firstEpochDay)).toBe('2025-03-01');
    expect(formatEpochDay(buildHistory(parseIsoDate('2027-01-15')!).firstEpochDay)).toBe('2024-01-16');
  });

  test('knows weekends and the public holidays of Vaud', () => {
    const history = buildHistory(parseIsoDate('2026-12-31')!);
    const kind = (date: string): number => history.kind[parseIsoDate(date)! - history.firstEpochDay]!;
    expect(kind('2026-04-02')).toBe(DayKind.Weekday); // Maundy Thursday
    expect(kind('2026-04-03')).toBe(DayKind.Closed); // Good Friday (Easter is 5 April 2026)
    expect(kind('2026-04-06')).toBe(DayKind.Closed); // Easter Monday
    expect(kind('2026-05-14')).toBe(DayKind.Closed); // Ascension
    expect(kind('2026-05-25')).toBe(DayKind.Closed); // Whit Monday
    expect(kind('2026-09-21')).toBe(DayKind.Closed); // Lundi du Jeûne fédéral
    expect(kind('2026-12-25')).toBe(DayKind.Closed);
    expect(kind('2026-01-02')).toBe(DayKind.Closed);
    expect(kind('2026-11-07')).toBe(DayKind.Saturday);
    expect(kind('2026-11-08')).toBe(DayKind.Closed); // Sunday
    expect(kind('2026-11-09')).toBe(DayKind.Weekday);
  });
});

describe('dates', () => {
  test('parse only real ISO dates', () => {
    expect(parseIsoDate('2024-02-29')).toBe(epochDay(2024, 2, 29));
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('2026-2-03')).toBeUndefined();
    expect(parseIsoDate('2026-02-03T00:00:00')).toBeUndefined();
  });

  test('format round-trips across centuries', () => {
    for (const date of ['1900-03-01', '1999-12-31', '2000-02-29', '2026-10-31', '2100-02-28']) {
      expect(formatEpochDay(parseIsoDate(date)!)).toBe(date);
    }
  });
});

describe('times of day', () => {
  test('stay within opening hours, never in the night of a clock change', () => {
    const rng = createRandom(5);
    for (let i = 0; i < 20_000; i++) {
      const weekday = clinicTime(DayKind.Weekday, rng);
      expect(weekday).toBeGreaterThanOrEqual(8 * 3600);
      expect(weekday).toBeLessThan(18 * 3600 + 30 * 60);
      const saturday = clinicTime(DayKind.Saturday, rng);
      expect(saturday).toBeGreaterThanOrEqual(8 * 3600 + 30 * 60);
      expect(saturday).toBeLessThan(12 * 3600);
      for (const second of [emergencyTime(rng), onlineTime(rng), clinicTime(DayKind.Closed, rng)]) {
        expect(second).toBeGreaterThanOrEqual(7 * 3600);
        expect(second).toBeLessThan(24 * 3600);
      }
    }
  });
});
