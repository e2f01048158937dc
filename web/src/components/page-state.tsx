import { Alert, Center, Loader } from "@mantine/core";
import { summaryOf } from "../api/problem";

/** What a page shows while its data loads: never a silent blank area. */
export function PageLoader({ label = "Loading…" }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden="true" />
      <span style={{ marginLeft: 12 }}>{label}</span>
    </Center>
  );
}

/** A failed load or write, in words, with the server's own explanation. */
export function ErrorNote({ error, title = "That did not work" }: { error: unknown; title?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <Alert color="red" title={title} role="alert">
      {summaryOf(error)}
    </Alert>
  );
}
