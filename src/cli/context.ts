/** What every command receives: its options made typed, the output, and the workspace when needed. */
import path from 'node:path';
import type { Locale } from '../workspace/types.js';
import { openWorkspace, type OpenWorkspace } from '../open.js';
import { parseInstant } from '../time/instant.js';
import { Output } from './output.js';
import { UsageError } from './errors.js';

export interface CommonOptions {
  readonly workspace?: string;
  readonly at?: string;
  readonly json?: boolean;
  readonly lang?: string;
  /** Whether `-w` was written (its default is the current folder). */
  readonly workspaceGiven?: boolean;
}

export class CommandContext {
  readonly output: Output;
  readonly workspaceDir: string;

  constructor(readonly options: CommonOptions) {
    if (options.lang !== undefined && options.lang !== 'fr' && options.lang !== 'en') {
      throw new UsageError(`--lang must be fr or en, not "${options.lang}"`);
    }
    this.output = new Output({ json: Boolean(options.json), ...(options.lang ? { lang: options.lang as Locale } : {}) });
    // Read before any work, by every command: an unreadable --at is a usage error even where the
    // instant is needed only at the end (an import's re-evaluation) or not at all. The zone only
    // places a naive time; whether the text is a date or date-time does not depend on it.
    if (options.at !== undefined) this.readAt('UTC');
    this.workspaceDir = path.resolve(options.workspace ?? '.');
  }

  /**
   * The folder a command creates (`init`, `demo`): its argument, else `-w`, else the default;
   * both written and naming different folders is a usage error rather than a guess.
   */
  targetDir(argument: unknown, fallback: string): string {
    if (argument === undefined) return this.options.workspaceGiven ? this.workspaceDir : path.resolve(fallback);
    const dir = path.resolve(String(argument));
    if (this.options.workspaceGiven && dir !== this.workspaceDir) throw new UsageError(`two folders given: ${String(argument)} and -w ${this.options.workspace}; give one`);
    return dir;
  }

  /** Opens the workspace (closed by the caller). */
  async open(): Promise<OpenWorkspace> {
    const opened = await openWorkspace(this.workspaceDir);
    this.output.useWorkspaceLocale(opened.workspace.locale);
    return opened;
  }

  /** The language of human output: `--lang`, else the workspace's locale. */
  locale(fallback: Locale): Locale {
    return (this.options.lang as Locale | undefined) ?? fallback;
  }

  /** The evaluation instant: `--at`, else now. */
  at(zone: string): Date {
    if (this.options.at === undefined) return new Date();
    return this.readAt(zone);
  }

  /** `--at` when it was given, else undefined (for commands that show the present unless asked). */
  atGiven(zone: string): Date | undefined {
    return this.options.at === undefined ? undefined : this.readAt(zone);
  }

  private readAt(zone: string): Date {
    try {
      return parseInstant(this.options.at!, zone);
    } catch (error) {
      throw new UsageError(`--at: ${(error as Error).message}`);
    }
  }
}
