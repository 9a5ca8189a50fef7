/**
 * The statements a session holds back (`Queryable.defer`) until its next statement or commit, in
 * the order they were queued. Each store decides how to send them: PostgreSQL in one round trip
 * with that next statement, DuckDB one after the other.
 */
import type { Row, SqlValue, StatementOptions, StatementResult } from './store.js';

export interface QueuedStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  readonly options: StatementOptions;
  settle(result: StatementResult): void;
  fail(error: unknown): void;
}

/**
 * `result` transformed by `f`, without awaiting it yet: a queued statement stays queued until the
 * transformed result itself is awaited.
 */
export function mapDeferred<A, B>(result: PromiseLike<A>, f: (value: A) => B): PromiseLike<B> {
  return { then: (onSettled, onFailed) => result.then(f).then(onSettled, onFailed) };
}

export class StatementQueue {
  private items: QueuedStatement[] = [];

  /** `send` sends everything queued (the session's flush); awaiting a queued statement calls it. */
  constructor(private readonly send: () => Promise<void>) {}

  get length(): number {
    return this.items.length;
  }

  /**
   * Queues a statement. The result is a thenable: awaiting it sends the queue at once (nothing
   * else would, if the caller waits for it before its next statement), while `void`-ing it leaves
   * the statement queued.
   */
  push<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], options: StatementOptions = {}): PromiseLike<StatementResult<T>> {
    let item: QueuedStatement | undefined;
    const result = new Promise<StatementResult<T>>((resolve, reject) => {
      item = { sql, params, options, settle: (r) => resolve(r as StatementResult<T>), fail: reject };
    });
    this.items.push(item!);
    // The caller may never await it: its failure reaches the caller through the statement (or the
    // commit) that sent it, so an unawaited rejection must not crash the process.
    result.catch(() => undefined);
    const queued = item!;
    return {
      then: (onSettled, onFailed) => {
        // Its failure is the result's: the flush's own rejection is not reported twice.
        if (this.items.includes(queued)) this.send().catch(() => undefined);
        return result.then(onSettled, onFailed);
      },
    };
  }

  /** Everything queued, oldest first; the queue is then empty. */
  take(): QueuedStatement[] {
    return this.items.splice(0);
  }

  /** Fails everything still queued (the transaction ended without sending it). */
  discard(error: unknown): void {
    for (const item of this.take()) item.fail(error);
  }
}
