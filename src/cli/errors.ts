/** Exit statuses of cli.md: 0 success, 1 refused input, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** A usage error found by a command itself (bad option value): exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Refused input already explained to the user: exit status 1 without another message. */
export class Refused extends Error {
  override readonly name = 'Refused';
  constructor(message = 'refused') {
    super(message);
  }
}
