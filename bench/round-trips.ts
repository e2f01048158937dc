import { Socket } from "node:net";
import pg from "pg";

export interface RoundTrips {
  /** Socket writes: one a round trip when operations run one at a time. */
  writes: number;
  /** Statements handed to the driver, BEGIN and COMMIT included. */
  statements: number;
}

/**
 * Counts what `run` sends to PostgreSQL: socket writes and statements. Unlike rates, these do not
 * move with the machine's load, so they show a change in round trips on any machine. Nothing else
 * may talk over a socket meanwhile (the bench runs in one process and waits between operations).
 */
export async function countRoundTrips(run: () => Promise<void>): Promise<RoundTrips> {
  const counts: RoundTrips = { writes: 0, statements: 0 };
  const socket = Socket.prototype as unknown as Record<"_write" | "_writev", (...args: unknown[]) => unknown>;
  const client = pg.Client.prototype as unknown as Record<"query", (...args: unknown[]) => unknown>;
  const originals = { write: socket._write, writev: socket._writev, query: client.query };
  socket._write = function (this: unknown, ...args: unknown[]) {
    counts.writes++;
    return originals.write.apply(this, args);
  };
  socket._writev = function (this: unknown, ...args: unknown[]) {
    counts.writes++;
    return originals.writev.apply(this, args);
  };
  client.query = function (this: unknown, ...args: unknown[]) {
    counts.statements++;
    return originals.query.apply(this, args);
  };
  try {
    await run();
  } finally {
    socket._write = originals.write;
    socket._writev = originals.writev;
    client.query = originals.query;
  }
  return counts;
}
