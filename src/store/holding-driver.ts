import type {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from "kysely";
import { heldCheckOf, type PendingCheck, sendHeldCheck } from "./held-checks.js";
import {
  type PendingWrite,
  sendTrailingStatement,
  trailingStatement,
  trailingWriteOf,
} from "./trailing-inserts.js";

/**
 * PostgreSQL's driver, holding back what a transaction needs no answer to yet, so it leaves with
 * the transaction's next statement instead of costing a round trip of its own:
 * - its BEGIN, until the first statement;
 * - its held checks (see `HeldCheck`), until the next statement; never past the COMMIT, which
 *   waits for their verdict;
 * - its trailing writes (see `TrailingWrite`), until any other statement or the COMMIT.
 *
 * What is held is sent first, in order, right in front of the next statement; with the pool in
 * pipeline mode (see `pipelinedClient`) they all leave in one write and PostgreSQL answers each in
 * turn. Should pipelining be off, they still go in the same order, one answer after another.
 * A transaction that sent nothing costs nothing: its COMMIT or ROLLBACK is not sent either.
 */
export class HoldingDriver implements Driver {
  readonly #inner: Driver;
  readonly #connections = new WeakMap<DatabaseConnection, HoldingConnection>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let holding = this.#connections.get(connection);
    if (holding === undefined) {
      holding = new HoldingConnection(connection);
      this.#connections.set(connection, holding);
    }
    return holding;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    asHolding(connection).begin((inner) => this.#inner.beginTransaction(inner, settings));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const holding = asHolding(connection);
    // A check may yet refuse the transaction: it is answered and judged before the COMMIT leaves.
    if (holding.hasHeldChecks()) await holding.sendWith(async () => {});
    if (holding.hasSentOrHeld()) await holding.sendWith((inner) => this.#inner.commitTransaction(inner));
    // Only once committed: after a failure the transaction may still be open on the server, and
    // the rollback that follows must know to send its ROLLBACK.
    holding.end();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const holding = asHolding(connection);
    // Whatever is held is dropped unsent; a BEGIN never sent needs no ROLLBACK.
    if (holding.end()) await this.#inner.rollbackTransaction(holding.inner);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    return this.#savepointCommand("savepoint", connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    return this.#savepointCommand("rollbackToSavepoint", connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    return this.#savepointCommand("releaseSavepoint", connection, name, compile);
  }

  // Savepoint commands are statements like any other: what is held goes first, so a rollback to a
  // savepoint undoes exactly the rows written after it.
  async #savepointCommand(
    command: "savepoint" | "rollbackToSavepoint" | "releaseSavepoint",
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ): Promise<void> {
    await asHolding(connection).sendWith(async (inner) => {
      await this.#inner[command]?.(inner, name, compile);
    });
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const holding = asHolding(connection);
    // Nothing held may outlive its transaction (a transaction always commits or rolls back first).
    holding.end();
    await this.#inner.releaseConnection(holding.inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

function asHolding(connection: DatabaseConnection): HoldingConnection {
  if (!(connection instanceof HoldingConnection)) throw new Error("not a connection of this driver");
  return connection;
}

type Send<T> = (inner: DatabaseConnection) => Promise<T>;

/** A connection that, inside a transaction, holds back its BEGIN, checks and trailing writes (see `HoldingDriver`). */
class HoldingConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  /** The transaction's BEGIN, while it waits for the first statement. */
  #begin: Send<void> | null = null;
  /** Whether a transaction is open: its BEGIN sent or held. */
  #inTransaction = false;
  /** Checks held back, in the order they were made. */
  #checks: PendingCheck[] = [];
  /** Trailing writes held back; null outside a transaction, where they run at once. */
  #held: PendingWrite[] | null = null;

  constructor(inner: DatabaseConnection) {
    this.inner = inner;
  }

  begin(send: Send<void>): void {
    this.#begin = send;
    this.#inTransaction = true;
    this.#held = [];
  }

  /** Whether the transaction has anything to commit: a statement sent, or a write held. */
  hasSentOrHeld(): boolean {
    return this.#begin === null || (this.#held?.length ?? 0) > 0;
  }

  hasHeldChecks(): boolean {
    return this.#checks.length > 0;
  }

  /** Ends the transaction here, dropping what is held. Says whether its BEGIN reached the server. */
  end(): boolean {
    const begun = this.#inTransaction && this.#begin === null;
    this.#begin = null;
    this.#inTransaction = false;
    // A dropped check cannot be sent later through a connection that serves someone else by then.
    for (const check of this.#checks) check.flush = undefined;
    this.#checks = [];
    this.#held = null;
    return begun;
  }

  /**
   * Sends what is held and then `next`, all before awaiting any answer, so pipelining sends them
   * together. Each is handed to pg at once (none awaits before its statement goes to the client),
   * which keeps them in order: BEGIN, checks, trailing writes (a check is never held behind a
   * write, see `executeQuery`), then `next`. The first failure is the one reported: a failed
   * BEGIN, a check's refusal or a failed held write is the cause of whatever fails after it.
   */
  async sendWith<T>(next: Send<T>): Promise<T> {
    const held = this.#held ?? [];
    // Built first: if that fails, nothing is sent and the transaction rolls back.
    const trailing = held.length > 0 ? trailingStatement(held) : undefined;
    const waiting: Promise<unknown>[] = [];
    if (this.#begin !== null) {
      waiting.push(this.#begin(this.inner));
      this.#begin = null;
    }
    for (const check of this.#checks.splice(0)) {
      waiting.push(sendHeldCheck(check, (query) => this.inner.executeQuery(query)));
    }
    if (trailing !== undefined) {
      this.#held = [];
      waiting.push(sendTrailingStatement(trailing, held, (query) => this.inner.executeQuery(query)));
    }
    if (waiting.length === 0) return next(this.inner);
    const outcomes = await Promise.allSettled([...waiting, next(this.inner)]);
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    return (outcomes.at(-1) as PromiseFulfilledResult<T>).value;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const trailing = trailingWriteOf(query);
    if (trailing !== undefined && this.#held !== null) {
      this.#held.push(trailing);
      return { rows: [] };
    }
    const check = heldCheckOf(query);
    // Held only where it keeps its place: inside a transaction, with no write held before it.
    if (check !== undefined && this.#held?.length === 0) {
      check.flush = () => this.sendWith(async () => {});
      this.#checks.push(check);
      return { rows: [] };
    }
    return this.sendWith((inner) => inner.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // A cursor cannot share a pipelined connection: what is held goes, and is answered, first.
    await this.sendWith(async () => {});
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}
