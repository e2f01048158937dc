import { Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { bandOf, countTop, niceMax, pointX, ticks, valueToY } from "../lib/chart-scale";
import { ScrollRegion } from "./scroll-region";

export interface ChartSeries {
  name: string;
  /** One value per label; null where there is none (drawn as a gap, shown as "—"). */
  values: (number | null)[];
}

interface ChartProps {
  title: string;
  labels: string[];
  series: ChartSeries[];
  /** Bars are counts (whole-number ticks); lines are scores or rates. The top of the value axis when it is fixed (a 0–10 score); else a round number above the data. */
  max?: number;
  /** Show the table to everyone; otherwise only screen readers read it. */
  showTable?: boolean;
  unit?: string;
}

/** Colours with at least 3:1 contrast on white, told apart by shape too (markers differ). */
const COLOURS = ["#1c6e8c", "#b3541e", "#5b3f9c", "#2b7a3d", "#8a2b4f"];
const WIDTH = 560;
const HEIGHT = 200;
const LEFT = 36;
const BOTTOM = 36;

/**
 * A small chart drawn as SVG: bars for one series, lines for several. The drawing is hidden
 * from screen readers, which read the same numbers as a table instead; the figure's caption
 * names both.
 */
export function BarChart(props: ChartProps) {
  return <Chart {...props} kind="bar" />;
}

export function LineChart(props: ChartProps) {
  return <Chart {...props} kind="line" />;
}

function Chart({
  title,
  labels,
  series,
  max,
  showTable = false,
  unit = "",
  kind,
}: ChartProps & { kind: "bar" | "line" }) {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const highest = Math.max(0, ...values);
  const top = max ?? (kind === "bar" ? countTop(highest) : niceMax(highest));
  const plotWidth = WIDTH - LEFT;
  const plotHeight = HEIGHT - BOTTOM;
  // Long runs of periods would crowd the axis: label every n-th one.
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const ids = distinctKeys(labels);
  const table = <ChartTable title={title} labels={labels} series={series} unit={unit} />;
  // Hidden, the table needs no scrolling; shown, a narrow screen scrolls it sideways.
  return (
    <Stack gap={4} component="figure" m={0}>
      <Text component="figcaption" fw={600} size="sm">
        {title}
      </Text>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH, height: "auto" }}
        aria-hidden="true"
        focusable="false"
      >
        <g transform={`translate(${LEFT}, 8)`}>
          {ticks(top).map((t) => {
            const y = valueToY(t, top, plotHeight - 8);
            return (
              <g key={t}>
                <line x1={0} x2={plotWidth} y1={y} y2={y} stroke="#ced4da" strokeWidth={1} />
                <text x={-6} y={y + 4} textAnchor="end" fontSize={11} fill="#495057">
                  {t}
                </text>
              </g>
            );
          })}
          {kind === "bar"
            ? series[0]?.values.map((v, i) => {
                if (v === null) return null;
                const band = bandOf(i, labels.length, plotWidth);
                const y = valueToY(v, top, plotHeight - 8);
                return (
                  <rect
                    key={ids[i]}
                    x={band.x}
                    width={band.width}
                    y={y}
                    height={plotHeight - 8 - y}
                    fill={COLOURS[0]}
                  />
                );
              })
            : series.map((s, n) => (
                <Line
                  key={s.name}
                  values={s.values}
                  count={labels.length}
                  top={top}
                  width={plotWidth}
                  height={plotHeight - 8}
                  colour={COLOURS[n % COLOURS.length] ?? "#000"}
                  marker={n}
                />
              ))}
          {labels.map((label, i) =>
            i % every === 0 ? (
              <text
                key={ids[i]}
                x={pointX(i, labels.length, plotWidth)}
                y={plotHeight + 8}
                textAnchor="middle"
                fontSize={11}
                fill="#495057"
              >
                {label}
              </text>
            ) : null,
          )}
        </g>
      </svg>
      {kind === "line" && series.length > 1 && (
        <Text size="xs" aria-hidden="true">
          {series.map((s, n) => (
            <span key={s.name} style={{ color: COLOURS[n % COLOURS.length], marginRight: 12 }}>
              {MARKERS[n % MARKERS.length]} {s.name}
            </span>
          ))}
        </Text>
      )}
      {showTable ? (
        <ScrollRegion label={`${title}, as a table`}>{table}</ScrollRegion>
      ) : (
        <VisuallyHidden>{table}</VisuallyHidden>
      )}
    </Stack>
  );
}

const MARKERS = ["●", "■", "▲", "◆", "✚"];

function Line({
  values,
  count,
  top,
  width,
  height,
  colour,
  marker,
}: {
  values: (number | null)[];
  count: number;
  top: number;
  width: number;
  height: number;
  colour: string;
  marker: number;
}) {
  const points = values.map((v, i) =>
    v === null ? null : { x: pointX(i, count, width), y: valueToY(v, top, height) },
  );
  // A missing value breaks the line, so a gap never looks like a straight change.
  const runs: { x: number; y: number }[][] = [[]];
  for (const p of points) {
    if (p === null) runs.push([]);
    else runs[runs.length - 1]?.push(p);
  }
  return (
    <g>
      {runs
        .filter((r) => r.length > 1)
        .map((run) => (
          <polyline
            key={`${run[0]?.x}`}
            points={run.map((p) => `${p.x},${p.y}`).join(" ")}
            fill="none"
            stroke={colour}
            strokeWidth={2}
          />
        ))}
      {points.map((p, i) =>
        p === null ? null : marker % 2 === 0 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: one point per label, in label order
          <circle key={i} cx={p.x} cy={p.y} r={4} fill={colour} />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: one point per label, in label order
          <rect key={i} x={p.x - 4} y={p.y - 4} width={8} height={8} fill={colour} />
        ),
      )}
    </g>
  );
}

/** React keys for labels that may repeat (two sessions on one day): "1 Mar", "1 Mar#2". */
function distinctKeys(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label}#${n}`;
  });
}

function ChartTable({
  title,
  labels,
  series,
  unit,
}: {
  title: string;
  labels: string[];
  series: ChartSeries[];
  unit: string;
}) {
  const ids = distinctKeys(labels);
  return (
    <Table striped>
      <Table.Caption>{title}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Period</Table.Th>
          {series.map((s) => (
            <Table.Th key={s.name} scope="col">
              {s.name}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {labels.map((label, i) => (
          <Table.Tr key={ids[i]}>
            <Table.Th scope="row">{label}</Table.Th>
            {series.map((s) => (
              <Table.Td key={s.name}>
                {s.values[i] === null || s.values[i] === undefined ? "—" : `${s.values[i]}${unit}`}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
