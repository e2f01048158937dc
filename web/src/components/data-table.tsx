import { Table, Text } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A plain list as a table that scrolls sideways on a phone instead of squeezing its columns.
 * An empty list says so in words (`empty`), never a bare header row.
 */
export function DataTable(props: {
  label: string;
  headers: string[];
  rows: { key: string; cells: ReactNode[] }[];
  empty: string;
  minWidth?: number;
}) {
  if (props.rows.length === 0) return <Text c="dimmed">{props.empty}</Text>;
  return (
    <Table.ScrollContainer minWidth={props.minWidth ?? 480}>
      <Table aria-label={props.label} striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {props.headers.map((header) => (
              <Table.Th key={header}>{header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={row.key}>
              {row.cells.map((cell, index) => (
                // Columns never move, so their position is a stable key.
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                <Table.Td key={index}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
