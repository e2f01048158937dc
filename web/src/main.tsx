import "@mantine/core/styles.css";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { ApiProblem } from "./api/problem";
import { loadPageAt, router } from "./routes";
import { prefetchSession } from "./session";
import { cssVariables, theme } from "./theme";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change by asking again; a dropped connection might.
      retry: (failures, error) => !(error instanceof ApiProblem && error.status >= 400) && failures < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );

/**
 * How long the first render waits for the opening page's code and the session. A server that
 * answers slowly (or a stalled connection) must not leave a blank window: past this, the app
 * renders anyway and the page shows its own "Loading…" until the answers come.
 */
const FIRST_RENDER_WAIT_MS = 1_000;

// Before the first render: the opening page's code (see routes.tsx) and who is looking (index.html
// has already asked), then the page's own head start. The first render then shows the page itself
// rather than rounds of "Loading…". Whatever cannot be fetched is left to the page's own loading
// and error states.
const opening = loadPageAt(window.location.pathname);
const session = prefetchSession(queryClient);
const ready = Promise.allSettled([opening, session]).then(([page, who]) => {
  if (page.status === "fulfilled" && who.status === "fulfilled") {
    try {
      page.value?.prefetch?.(queryClient, who.value, new URLSearchParams(window.location.search));
    } catch {
      // A head start that fails (an odd address, say) is only a missed head start: the page
      // meets the same input when it renders and says what is wrong.
    }
  }
});
const waited = new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS));
Promise.race([ready, waited]).then(render);
