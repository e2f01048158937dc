import type {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from "kysely";
import { type PendingWrite, sendTrailingWrites, trailingWriteOf } from "./trailing-inserts.js";

/**
 * PostgreSQL's driver, with trailing writes held back inside a transaction (see `TrailingWrite`):
 * each connection keeps them until the transaction sends anything else, then sends them first,
 * together. COMMIT sends them first too; ROLLBACK drops them.
 */
export class TrailingInsertsDriver implements Driver {
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
    const holding = asHolding(connection);
    await this.#inner.beginTransaction(holding.inner, settings);
    holding.holdFromNowOn();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const holding = asHolding(connection);
    try {
      await holding.sendHeld();
      await this.#inner.commitTransaction(holding.inner);
    } finally {
      holding.stopHolding();
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const holding = asHolding(connection);
    holding.stopHolding();
    await this.#inner.rollbackTransaction(holding.inner);
  }

  // Savepoint commands are statements like any other: what is held goes first, so a rollback to a
  // savepoint undoes exactly the rows written after it.
  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    const holding = await sentFirst(connection);
    await this.#inner.savepoint?.(holding.inner, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ) {
    const holding = await sentFirst(connection);
    await this.#inner.rollbackToSavepoint?.(holding.inner, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ) {
    const holding = await sentFirst(connection);
    await this.#inner.releaseSavepoint?.(holding.inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const holding = asHolding(connection);
    // Nothing held may outlive its transaction (a transaction always commits or rolls back first).
    holding.stopHolding();
    await this.#inner.releaseConnection(holding.inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

async function sentFirst(connection: DatabaseConnection): Promise<HoldingConnection> {
  const holding = asHolding(connection);
  await holding.sendHeld();
  return holding;
}

function asHolding(connection: DatabaseConnection): HoldingConnection {
  if (!(connection instanceof HoldingConnection)) throw new Error("not a connection of this driver");
  return connection;
}

/** A connection that, inside a transaction, holds trailing writes back until it sends anything else. */
class HoldingConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  #held: PendingWrite[] | null = null;

  constructor(inner: DatabaseConnection) {
    this.inner = inner;
  }

  holdFromNowOn(): void {
    this.#held = [];
  }

  stopHolding(): void {
    this.#held = null;
  }

  async sendHeld(): Promise<void> {
    const held = this.#held;
    if (held === null || held.length === 0) return;
    this.#held = [];
    await sendTrailingWrites(held, (query) => this.inner.executeQuery(query));
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const trailing = trailingWriteOf(query);
    if (trailing !== undefined && this.#held !== null) {
      trailing.deferred = true;
      this.#held.push(trailing);
      return { rows: [] };
    }
    await this.sendHeld();
    return this.inner.executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.sendHeld();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}
