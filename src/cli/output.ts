/**
 * Everything the CLI writes. `--json` prints exactly one JSON document on stdout and nothing else;
 * human output may use colour and progress bars, on a terminal only.
 */
import { SingleBar } from 'cli-progress';
import pc from 'picocolors';
import type { Locale } from '../workspace/types.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly lang?: Locale;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

export class Output {
  /** Colour on stdout, and on stderr: each stream's own (one may be a terminal, the other a file). */
  readonly colour: boolean;
  readonly stderrColour: boolean;

  constructor(
    readonly options: OutputOptions,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    this.colour = !options.json && Boolean(stdout.isTTY) && !process.env['NO_COLOR'];
    this.stderrColour = !options.json && Boolean(stderr.isTTY) && !process.env['NO_COLOR'];
  }

  get json(): boolean {
    return this.options.json;
  }

  private workspaceLocale: Locale | undefined;

  /** The language of human lines: `--lang`, else the opened workspace's locale, else English. */
  get locale(): Locale {
    return this.options.lang ?? this.workspaceLocale ?? 'en';
  }

  /** Records the opened workspace's locale, for messages written after the command failed. */
  useWorkspaceLocale(locale: Locale): void {
    this.workspaceLocale = locale;
  }

  /** The JSON document of a command (only with `--json`). */
  printJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A line of human output (suppressed with `--json`). */
  line(text = ''): void {
    if (!this.options.json) this.stdout.write(`${text}\n`);
  }

  /** Raw text on stdout (member lists: CSV or NDJSON), in either mode. */
  write(text: string): void {
    this.stdout.write(text);
  }

  /** A message for the user on stderr (warnings, notices), in either mode. */
  notice(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.stderrStyle('red', 'error')}: ${text}\n`);
  }

  /** Text styled for stdout. */
  style(kind: Style, text: string): string {
    return this.colour ? pc[kind](text) : text;
  }

  /** Text styled for stderr (`notice`, `error`). */
  stderrStyle(kind: Style, text: string): string {
    return this.stderrColour ? pc[kind](text) : text;
  }

  /** A progress bar on stderr when it is a terminal and the output is not JSON; otherwise nothing. */
  progress(label: string): { update(fraction: number): void; stop(): void } {
    if (this.options.json || !this.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {duration_formatted}`, hideCursor: true, stream: this.stderr, clearOnComplete: true });
    bar.start(100, 0);
    return {
      update: (fraction) => bar.update(Math.round(fraction * 100)),
      stop: () => bar.stop(),
    };
  }
}
