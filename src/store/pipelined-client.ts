import type pg from "pg";

/**
 * A pg client whose statements, when several are sent in the same turn of the event loop, leave
 * in one socket write. With the pool's `pipeline` option pg sends each statement at once instead
 * of waiting for the previous answer, but writes each on its own; a socket write is a syscall,
 * and on a busy server the syscalls per statement are a large share of the CPU a booking costs.
 *
 * The socket is corked at the first statement of a turn and uncorked once the code that sent it
 * yields (a microtask later), so statements sent one at a time, each awaited, still leave at once.
 */
export function pipelinedClient(Base: typeof pg.Client): typeof pg.Client {
  return class PipelinedClient extends Base {
    #corked = false;

    // biome-ignore lint/suspicious/noExplicitAny: forwards pg's overloaded arguments as they came.
    override query(config: any, values?: any, callback?: any): any {
      // `connection` is pg's own; the types leave it out.
      const stream = (this as unknown as { connection?: { stream?: NodeJS.WritableStream & Corkable } })
        .connection?.stream;
      if (!this.#corked && stream?.cork !== undefined) {
        this.#corked = true;
        stream.cork();
        queueMicrotask(() => {
          this.#corked = false;
          stream.uncork();
        });
      }
      return super.query(config, values, callback);
    }
  } as typeof pg.Client;
}

interface Corkable {
  cork(): void;
  uncork(): void;
}
