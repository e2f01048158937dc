import type { QueryClient } from "@tanstack/react-query";
import { type ComponentType, lazy, Suspense } from "react";
import { createBrowserRouter, matchRoutes, type RouteObject } from "react-router";
import { PageLoader } from "./components/page-state";
import { Layout } from "./layout";
import type { Session } from "./session";

/**
 * A page's module: the page, and optionally a head start it can take before its first render
 * (see book-page.tsx), once the session is known.
 */
export interface PageModule {
  default: ComponentType;
  prefetch?: (queryClient: QueryClient, session: Session, params: URLSearchParams) => void;
}

type LoadPage = () => Promise<PageModule>;

/**
 * Every page of the app, one line each. Pages load on demand (their own chunk), so the booking
 * page a patient opens from a link ships only what it uses. To add a page: a file under pages/,
 * a line here, and a link in layout.tsx if it belongs in the menu.
 */
const pages: Record<string, LoadPage> = {
  "/": () => import("./pages/home-page"),
  "/setup": () => import("./pages/setup-page"),
  "/book": () => import("./pages/book-page"),
  "/signin": () => import("./pages/sign-in-page"),
  "/signup": () => import("./pages/sign-up-page"),
  "/signup/confirm": () => import("./pages/sign-up-confirm-page"),
  "/set-password": () => import("./pages/set-password-page"),
  "/intake": () => import("./pages/intake-page"),
  "/plan": () => import("./pages/plan-page"),
  "/timeline": () => import("./pages/timeline-page"),
  "/routine": () => import("./pages/routine-page"),
  "/consent": () => import("./pages/consent-page"),
  "/check-ins/:bookingId/:day": () => import("./pages/check-in-page"),
  "/bookings/:bookingId": () => import("./pages/manage-booking-page"),
  "/waitlist/:entryId": () => import("./pages/waitlist-offer-page"),
  "/settings": () => import("./pages/settings-page"),
  "/bookings/:bookingId/chart": () => import("./pages/chart-page"),
  "/learn/:topic": () => import("./pages/education-page"),
  "/desk": () => import("./pages/front-desk-page"),
  "/desk/alerts": () => import("./pages/alerts-page"),
  "/desk/patients/:patientId": () => import("./pages/desk-patient-page"),
  "/desk/patients/:patientId/plans/:planId": () => import("./pages/plan-review-page"),
  "/desk/patients/:patientId/routine": () => import("./pages/routine-edit-page"),
  "/desk/review": () => import("./pages/review-queue-page"),
  "/desk/reports": () => import("./pages/reports-page"),
  "/admin": () => import("./pages/admin-page"),
  "/admin/clinic": () => import("./pages/admin-clinic-page"),
  "/admin/services": () => import("./pages/admin-services-page"),
  "/admin/providers": () => import("./pages/admin-providers-page"),
  "/admin/rooms": () => import("./pages/admin-rooms-page"),
  "/admin/closures": () => import("./pages/admin-closures-page"),
  "/admin/staff": () => import("./pages/admin-staff-page"),
  "/admin/templates": () => import("./pages/admin-templates-page"),
  "/admin/consents": () => import("./pages/admin-consents-page"),
  "/admin/webhooks": () => import("./pages/admin-webhooks-page"),
  "/admin/audit": () => import("./pages/admin-audit-page"),
  "/admin/protocol": () => import("./pages/admin-protocol-page"),
  "*": () => import("./pages/not-found-page"),
};

/**
 * Pages whose code is already here, rendered as they are. React shows a revealed page no sooner
 * than 300 ms after the last "Loading…" it showed (so content does not flicker in piece by
 * piece); the page a visit opens on is therefore fetched before the first render
 * (`loadPageAt`), which spares that wait on a first visit.
 */
const loadedPages = new Map<LoadPage, ComponentType>();

function PageSlot({ load, Lazy }: { load: LoadPage; Lazy: ComponentType }) {
  const Loaded = loadedPages.get(load);
  if (Loaded !== undefined) return <Loaded />;
  return (
    <Suspense fallback={<PageLoader />}>
      <Lazy />
    </Suspense>
  );
}

function lazyPage(load: LoadPage) {
  return <PageSlot load={load} Lazy={lazy(load)} />;
}

const loaders = new Map<RouteObject, LoadPage>();

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: Object.entries(pages).map(([path, load]) => {
      const route: RouteObject =
        path === "/" ? { index: true, element: lazyPage(load) } : { path, element: lazyPage(load) };
      loaders.set(route, load);
      return route;
    }),
  },
];

/** Fetches the code of the page at `pathname` (if any), so the first render can show it at once. */
export async function loadPageAt(pathname: string): Promise<PageModule | undefined> {
  const route = matchRoutes(routes, pathname)?.at(-1)?.route;
  const load = route === undefined ? undefined : loaders.get(route);
  if (load === undefined) return undefined;
  const page = await load();
  loadedPages.set(load, page.default);
  return page;
}

export const router = createBrowserRouter(routes);
