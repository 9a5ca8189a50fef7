/**
 * DuckDB's CSV reader fails on some files as a whole, naming neither line nor cause: when their
 * line endings change kind, and when a file read as Latin-1 holds a byte Latin-1 does not define.
 * After such a failure a streamed scan of the file finds where, so that the import error says
 * where and why; any other reading error is reported with DuckDB's first line.
 */
import type { FileFormat } from './formats.js';
import { ImportError } from './import-error.js';
import { findLatin1Gap, WINDOWS_1252 } from './latin1-gaps.js';
import { findLineEndingChange, type LineEnding } from './line-endings.js';

const MIXED_LINE_ENDINGS = 'CSV Parser state machine reached an invalid state';
const NOT_LATIN1 = 'is not latin-1 encoded';

const LINE_ENDINGS: Record<LineEnding, string> = { CRLF: 'CRLF (Windows)', LF: 'LF (Unix)', CR: 'CR (classic Mac)' };

/** True for DuckDB's failures of a whole CSV file that a scan can explain. */
export function isWholeFileFailure(error: unknown): boolean {
  return error instanceof Error && !(error instanceof ImportError) && (error.message.includes(MIXED_LINE_ENDINGS) || error.message.includes(NOT_LATIN1));
}

/** The import error for `file` (shown as `shown`), which DuckDB could not read. */
export async function unreadable(error: unknown, file: string, shown: string, format: FileFormat): Promise<ImportError> {
  if (error instanceof ImportError) return error;
  const message = (error as Error).message;
  if (format === 'csv' && isWholeFileFailure(error)) {
    if (message.includes(NOT_LATIN1)) {
      const gap = await findLatin1Gap(file).catch(() => null);
      if (gap !== null) {
        const meant = WINDOWS_1252[gap.byte];
        return new ImportError(
          `${shown}, line ${gap.line}: the byte 0x${gap.byte.toString(16).toUpperCase()} is no Latin-1 character` +
            `${meant ? ` (it is ${meant} in Windows-1252, which this reader does not know)` : ''}; import it with --encoding windows-1252`,
        );
      }
    } else {
      const change = await findLineEndingChange(file).catch(() => null);
      if (change !== null) {
        return new ImportError(
          `${shown}, line ${change.line}: this line ends with ${LINE_ENDINGS[change.ending]} but line 1 with ${LINE_ENDINGS[change.first]}; ` +
            'the CSV reader needs one kind of line ending throughout the file: convert it (for example with dos2unix) and import it again',
        );
      }
    }
  }
  return new ImportError(`cannot read ${shown} as ${format}: ${message.split('\n')[0]}`);
}
