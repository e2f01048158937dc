import type { Clock } from "../domain/time/clock.js";

/** Where progress goes: a terminal gets one line rewritten in place, anything else log lines. */
export interface ProgressSink {
  write(text: string): void;
  /** True on a terminal (`process.stderr.isTTY`). */
  readonly isTTY?: boolean;
}

export interface Progress {
  /** `done` of `total` units so far (rows, bytes, pages); `total` may grow as it becomes known. */
  update(done: number, total?: number): void;
  /** Ends the progress display and prints one summary line. */
  finish(summary: string): void;
}

export interface ProgressOptions {
  /** What is counted, for the line: "rows", "bytes", "pages". */
  unit: string;
  total: number;
  clock: Clock;
  sink: ProgressSink;
  /** Without a terminal, at most one log line per this many milliseconds (default 5000). */
  logEveryMs?: number;
  /** What the job is, at the start of every line: "backup", "copy". */
  label: string;
}

/**
 * One updating line on a terminal ("backup: 1.2 MB of 8.0 MB, 3.1 MB/s, 2 s left"); a plain line
 * every few seconds otherwise, so a log file under cron or systemd is not flooded with redraws.
 */
export function startProgress(options: ProgressOptions): Progress {
  const started = options.clock.now().epochMilliseconds;
  const logEvery = options.logEveryMs ?? 5000;
  let total = options.total;
  let lastShown = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const tty = options.sink.isTTY === true;

  const line = (done: number, now: number) => {
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = done / seconds;
    const left = rate > 0 && total > done ? Math.ceil((total - done) / rate) : 0;
    const doneText = options.unit === "bytes" ? amount(done, options.unit) : amount(done, "").trimEnd();
    return `${options.label}: ${doneText} of ${amount(total, options.unit)}, ${amount(rate, options.unit)}/s, ${duration(left)} left`;
  };

  return {
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      const now = options.clock.now().epochMilliseconds;
      // Redraws are cheap on a terminal but still bounded, so a tight loop is not slowed by them.
      if (now - lastShown < (tty ? 200 : logEvery)) return;
      lastShown = now;
      if (tty) {
        options.sink.write(`\r\u001b[2K${line(done, now)}`);
        drawn = true;
      } else {
        options.sink.write(`${line(done, now)}\n`);
      }
    },
    finish(summary) {
      if (drawn) options.sink.write("\r\u001b[2K");
      const seconds = (options.clock.now().epochMilliseconds - started) / 1000;
      options.sink.write(`${options.label}: ${summary} (${seconds.toFixed(1)} s)\n`);
    },
  };
}

/** A sink that writes nothing: for callers that need no progress (tests, the in-server scheduler). */
export const SILENT: ProgressSink = { write: () => {} };

function amount(value: number, unit: string): string {
  if (unit !== "bytes") return `${Math.round(value).toLocaleString("en-US")} ${unit}`;
  const units = ["B", "KB", "MB", "GB", "TB"];
  let scaled = value;
  let index = 0;
  while (scaled >= 1024 && index < units.length - 1) {
    scaled /= 1024;
    index++;
  }
  return `${scaled.toFixed(index === 0 ? 0 : 1)} ${units[index]}`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
