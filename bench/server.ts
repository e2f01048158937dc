import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { progress } from "./harness.js";

const ROOT = join(import.meta.dirname, "..");

export interface BenchServer {
  baseUrl: string;
  child: ChildProcess;
  /** The server's own DATA_DIR (a temporary folder): the mail it would send lands in `outbox/`. */
  dataDir: string;
  /**
   * The server process's CPU time so far (user + system, ms), read from /proc; undefined where
   * there is none. The difference over a timed run, divided by the requests, is the server's
   * CPU per request, which stretches far less than wall time on a shared machine.
   */
  cpuMs(): number | undefined;
  /** Sends `signal` (SIGTERM by default), then waits until the process is gone (SIGKILL after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `npm start`'s entry point (`src/main.ts`) in its own process on a free port, against the given
 * database, as it runs in production but with NODE_ENV=test and only warnings logged. Its output
 * goes to stderr, never to the figures on stdout. If the bench process ends first (Ctrl-C,
 * `| head`), the server is ended with it.
 */
/**
 * The node flags of `npm start` (package.json): a young generation larger than V8 picks by itself
 * (32 MB semi-spaces) means fewer minor collections; a booking allocates many short-lived objects,
 * and the collector's share of the server's profile fell from 6.9 % to 4.7 % with it.
 */
const START_FLAGS = ["--max-semi-space-size=32"];

export function startBenchServer(databaseUrl: string): Promise<BenchServer> {
  // Its files (mail written without SMTP, photos) stay out of the checkout and go with it.
  const dataDir = mkdtempSync(join(tmpdir(), "regimen-server-"));
  // BENCH_SERVER_NODE_ARGS passes flags to the server's node alone, for instance
  // `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it (node refuses those in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
  const child = spawn(process.execPath, [...START_FLAGS, ...nodeArgs, "--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: "0",
      HOST: "127.0.0.1",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      // A short-lived server of a test or benchmark has nothing worth keeping, and a backup's I/O
      // would skew the figures.
      BACKUP_INTERVAL_HOURS: "0",
      DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
    process.removeListener("exit", killOnExit);
  };
  return new Promise((resolve, reject) => {
    let output = "";
    let listening = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start in 60 s:\n${output}`));
    }, 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      if (listening) return;
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1]) {
        listening = true;
        clearTimeout(timer);
        resolve({ baseUrl: match[1], child, dataDir, stop, cpuMs: () => processCpuMs(child.pid) });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      if (!listening) output += chunk.toString();
      else for (const line of chunk.toString().trimEnd().split("\n")) progress(`server: ${line}`);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** Clock ticks per second of /proc's CPU times: 100 on every Linux the bench runs on. */
const TICKS_PER_SECOND = 100;

function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * CPU used so far by every PostgreSQL process on this machine (backends, WAL writer, checkpointer),
 * in ms; undefined where /proc cannot tell. Only a quiet machine's difference means anything: the
 * server's other clients count too.
 *
 * A backend that exits takes its own CPU times with it (a closed connection, an autovacuum worker
 * done with its table), which once made the difference over a run negative. The postmaster reaps
 * every backend, and the kernel then adds the backend's times to the postmaster's "children"
 * times, so counting those as well keeps the total from going backwards.
 */
export function postgresCpuMs(): number | undefined {
  let total = 0;
  let seen = false;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        if (!stat.includes("(postgres)")) continue;
        total += statCpuMs(stat, { withReapedChildren: true }) ?? 0;
        seen = true;
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    return undefined;
  }
  return seen ? total : undefined;
}

function statCpuMs(stat: string, options: { withReapedChildren?: boolean } = {}): number | undefined {
  // Fields after the command name (which may hold spaces, so split after its closing paren):
  // utime and stime are the 14th and 15th fields of the line, the 12th and 13th after it; cutime
  // and cstime, the times of the children it has waited for, follow them.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  let ticks = Number(fields[11]) + Number(fields[12]);
  if (options.withReapedChildren) ticks += Number(fields[13]) + Number(fields[14]);
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
}
