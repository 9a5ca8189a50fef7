/**
 * The IANA time-zone names a workspace is advised to write, for "did you mean" suggestions.
 *
 * The runtime's list (`Intl.supportedValuesOf('timeZone')`) comes from ICU, which keeps some
 * names tzdata has since renamed (`Asia/Calcutta`) and leaves out `UTC`. Both names are accepted
 * everywhere (Node, DuckDB and PostgreSQL read either), but a suggestion should be today's name.
 */
const RENAMED: ReadonlyMap<string, string> = new Map([
  ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['America/Godthab', 'America/Nuuk'],
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Rangoon', 'Asia/Yangon'],
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
  ['Atlantic/Faeroe', 'Atlantic/Faroe'],
  ['Europe/Kiev', 'Europe/Kyiv'],
  ['Pacific/Enderbury', 'Pacific/Kanton'],
  ['Pacific/Ponape', 'Pacific/Pohnpei'],
  ['Pacific/Truk', 'Pacific/Chuuk'],
]);

/** Every name to compare a typo with: the runtime's, today's names of the renamed, and `UTC`. */
export function zoneNames(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone'), ...RENAMED.values()];
}

/** The name to suggest for a zone found near a typo: today's name when it was renamed. */
export function currentZoneName(name: string): string {
  return RENAMED.get(name) ?? name;
}
