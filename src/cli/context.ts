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
}

export class CommandContext {
  readonly output: Output;
  readonly workspaceDir: string;

  constructor(readonly options: CommonOptions) {
    if (options.lang !== undefined && options.lang !== 'fr' && options.lang !== 'en') {
      throw new UsageError(`--lang must be fr or en, not "${options.lang}"`);
    }
    this.output = new Output({ json: Boolean(options.json), ...(options.lang ? { lang: options.lang as Locale } : {}) });
    this.workspaceDir = path.resolve(options.workspace ?? '.');
  }

  /** Opens the workspace (closed by the caller). */
  open(): Promise<OpenWorkspace> {
    return openWorkspace(this.workspaceDir);
  }

  /** The language of human output: `--lang`, else the workspace's locale. */
  locale(fallback: Locale): Locale {
    return (this.options.lang as Locale | undefined) ?? fallback;
  }

  /** The evaluation instant: `--at`, else now. */
  at(zone: string): Date {
    if (this.options.at === undefined) return new Date();
    try {
      return parseInstant(this.options.at, zone);
    } catch (error) {
      throw new UsageError(`--at: ${(error as Error).message}`);
    }
  }
}
