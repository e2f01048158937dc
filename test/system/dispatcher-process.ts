import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

export interface DispatcherProcess {
  child: ChildProcess;
  /** Sends `signal` (SIGTERM by default) and waits until the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `regimen dispatch` in its own process against the given database and SMTP server, started
 * once it says so. Extra arguments go to the command (`--batch`, `--claim-seconds`).
 */
export function startDispatcherProcess(
  databaseUrl: string,
  smtpUrl: string,
  args: string[] = [],
): Promise<DispatcherProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "dispatch", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SMTP_URL: smtpUrl, NODE_ENV: "test" },
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
    process.removeListener("exit", killOnExit);
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dispatcher did not start in 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/dispatcher \S+ started/.test(output)) {
        clearTimeout(timer);
        resolve({ child, stop });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`dispatcher exited (${code ?? signal}) before starting:\n${output}`));
    });
  });
}
