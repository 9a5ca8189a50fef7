import { expect, test } from 'vitest';
import { monthEnds } from '../../src/runs/replay.js';
import { formatInstant } from '../../src/time/instant.js';

const ends = (from: string, to: string, zone: string) => monthEnds(from, to, zone).map((d) => formatInstant(d, zone));

test('month ends are the first instant of each month in the workspace zone, between the two dates', () => {
  expect(ends('2024-01-15', '2024-04-01', 'Europe/Zurich')).toEqual(['2024-02-01T00:00:00+01:00', '2024-03-01T00:00:00+01:00', '2024-04-01T00:00:00+02:00']);
  // A date alone is its whole day: the end of 29 February is the month end of February.
  expect(ends('2024-02-01', '2024-02-29', 'Europe/Zurich')).toEqual(['2024-02-01T00:00:00+01:00', '2024-03-01T00:00:00+01:00']);
  expect(ends('2024-02-02', '2024-02-28', 'Europe/Zurich')).toEqual([]);
});

test("a month whose midnight falls in a clock change's gap starts at 01:00, and the months after it at midnight again", () => {
  // Paraguay moved its clocks from 00:00 to 01:00 on Sunday 1 October 2017.
  expect(ends('2017-09-01', '2017-12-01', 'America/Asuncion')).toEqual([
    '2017-09-01T00:00:00-04:00',
    '2017-10-01T01:00:00-03:00',
    '2017-11-01T00:00:00-03:00',
    '2017-12-01T00:00:00-03:00',
  ]);
});
