// Times every SQLite statement the process runs and, when it exits, prints to stderr the 25 that
// took longest in all: count, mean, p50, p99, and the share of their time the slowest 5 % took.
// A profiling aid, not a figure: load it into a process with node's `--import`, for instance
//   BENCH_SERVER_NODE_ARGS="--import ./bench/sqlite-statement-times.mjs" npm run --silent bench -- http --db sqlite
//   node --import ./bench/sqlite-statement-times.mjs --import tsx bench/run.ts booking --db sqlite
// Statements are told apart by their whole text: a one-row insert and a multi-row insert into the
// same table start alike, and keying by a prefix once mixed the bench's bulk set-up inserts (13 ms
// each) into a booking's one-row inserts, which then seemed to stall now and then.
import Database from "better-sqlite3";

const SHOWN = 25;
/** @type {Map<string, number[]>} */
const times = new Map();

function record(text, ms) {
  let list = times.get(text);
  if (list === undefined) {
    list = [];
    times.set(text, list);
  }
  list.push(ms);
}

function timed(text, run) {
  const start = process.hrtime.bigint();
  try {
    return run();
  } finally {
    record(text, Number(process.hrtime.bigint() - start) / 1e6);
  }
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (text) {
  const statement = prepare.call(this, text);
  for (const method of ["run", "get", "all", "iterate"]) {
    const original = statement[method];
    statement[method] = function (...args) {
      return timed(text, () => original.apply(this, args));
    };
  }
  return statement;
};
const exec = Database.prototype.exec;
Database.prototype.exec = function (text) {
  return timed(text, () => exec.call(this, text));
};

process.on("exit", () => {
  const rows = [...times].map(([text, list]) => {
    list.sort((a, b) => a - b);
    const total = list.reduce((sum, ms) => sum + ms, 0);
    const slowest = list.slice(Math.floor(list.length * 0.95)).reduce((sum, ms) => sum + ms, 0);
    const at = (q) => list[Math.min(list.length - 1, Math.floor(list.length * q))];
    return { text, total, count: list.length, p50: at(0.5), p99: at(0.99), slowestShare: slowest / total };
  });
  rows.sort((a, b) => b.total - a.total);
  process.stderr.write("total ms   count  mean ms  p50 ms  p99 ms  slowest 5 %  statement (length: start)\n");
  for (const r of rows.slice(0, SHOWN)) {
    const text = `${r.text.length}: ${r.text.replace(/\s+/g, " ").slice(0, 90)}`;
    process.stderr.write(
      `${r.total.toFixed(0).padStart(8)} ${String(r.count).padStart(7)} ${(r.total / r.count).toFixed(3).padStart(8)} ` +
        `${r.p50.toFixed(3).padStart(7)} ${r.p99.toFixed(3).padStart(7)} ${`${(100 * r.slowestShare).toFixed(0)} %`.padStart(12)}  ${text}\n`,
    );
  }
});
