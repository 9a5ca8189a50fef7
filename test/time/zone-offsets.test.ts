import { expect, test } from 'vitest';
import { dayNumber, zoneOffsets } from '../../src/time/zone-offsets.js';
import { DateTime } from 'luxon';

test('Europe/Zurich in 2024: +1 h until 31 March 01:00 UTC, +2 h until 27 October 01:00 UTC, then +1 h', () => {
  expect(zoneOffsets('Europe/Zurich', new Date('2024-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'))).toEqual([
    { until: Date.parse('2024-03-31T01:00:00Z') / 1000, offset: 3600 },
    { until: Date.parse('2024-10-27T01:00:00Z') / 1000, offset: 7200 },
    { offset: 3600 },
  ]);
});

test('a zone without changes is one span; half-hour zones keep their offsets', () => {
  expect(zoneOffsets('UTC', new Date('2020-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))).toEqual([{ offset: 0 }]);
  // Lord Howe Island moves by 30 minutes: +10:30 in winter, +11:00 in summer; back at 2 am local on 7 April 2024.
  const spans = zoneOffsets('Australia/Lord_Howe', new Date('2024-03-01T00:00:00Z'), new Date('2024-05-01T00:00:00Z'));
  expect(spans).toEqual([{ until: Date.parse('2024-04-06T15:00:00Z') / 1000, offset: 39600 }, { offset: 37800 }]);
});

test('day numbers count days since 1970-01-01', () => {
  expect(dayNumber('1970-01-01')).toBe(0);
  expect(dayNumber('1997-09-30') - dayNumber('1997-01-01')).toBe(272);
  expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
});

test('every hour of 2010-2026 gets the offset Luxon gives it, in zones whose changes come close together or for good', () => {
  // Casablanca leaves summer time for Ramadan (changes a month apart), Moscow changed for good in 2011 and 2014.
  for (const zone of ['Africa/Casablanca', 'Europe/Moscow', 'America/Sao_Paulo']) {
    const from = Date.parse('2010-01-01T00:00:00Z');
    const to = Date.parse('2026-01-01T00:00:00Z');
    const spans = zoneOffsets(zone, new Date(from), new Date(to));
    const offsetOf = (ms: number) => spans.find((s) => s.until === undefined || ms / 1000 < s.until)!.offset;
    for (let t = from; t < to; t += 3_600_000) {
      const expected = DateTime.fromMillis(t, { zone }).offset * 60;
      if (offsetOf(t) !== expected) throw new Error(`${zone} at ${new Date(t).toISOString()}: ${offsetOf(t)} instead of ${expected}`);
    }
  }
});

test('ranges that start and end inside years, in any order of calls, give every hour the offset Luxon gives it', () => {
  // The changes are kept per zone and UTC year: a range's spans must not depend on which ranges came before.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lo = Date.parse('2012-01-01T00:00:00Z');
  const hi = Date.parse('2026-01-01T00:00:00Z');
  for (const zone of ['Africa/Casablanca', 'Europe/Zurich', 'Australia/Lord_Howe', 'America/Santiago']) {
    for (let i = 0; i < 12; i++) {
      const a = lo + Math.floor(random() * (hi - lo));
      const b = a + Math.floor(random() * 3 * 365 * 86_400_000);
      const spans = zoneOffsets(zone, new Date(a), new Date(b));
      for (let k = 1; k < spans.length; k++) expect(spans[k]!.offset).not.toBe(spans[k - 1]!.offset);
      for (const s of spans) if (s.until !== undefined) expect(s.until * 1000 > a && s.until * 1000 <= b).toBe(true);
      const offsetOf = (ms: number) => spans.find((s) => s.until === undefined || ms / 1000 < s.until)!.offset;
      for (let t = a; t <= b; t += 3_600_000) {
        const expected = DateTime.fromMillis(t, { zone }).offset * 60;
        if (offsetOf(t) !== expected) throw new Error(`${zone} ${new Date(a).toISOString()}..${new Date(b).toISOString()} at ${new Date(t).toISOString()}: ${offsetOf(t)} instead of ${expected}`);
      }
    }
  }
});
