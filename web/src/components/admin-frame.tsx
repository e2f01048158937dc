import { Anchor, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, Navigate } from "react-router";
import { useSession } from "../session";
import { ErrorNote, PageLoader } from "./page-state";

/** What every admin page works in: the clinic (by slug) and the zone its wall clocks are read in. */
export interface AdminContext {
  slug: string;
  timeZone: string;
}

/**
 * The frame of an admin page: waits for the session, sends anyone but an admin to sign in (and
 * back here after), and titles the page with a way back to the admin index. The page's own
 * queries live in `children`, so they only run once the admin and the clinic are known.
 */
export function AdminFrame(props: {
  title: string;
  path: string;
  intro?: ReactNode;
  children: (context: AdminContext) => ReactNode;
}) {
  const session = useSession();
  if (session.loading) return <PageLoader />;
  if (session.error) return <ErrorNote error={session.error} />;
  if (session.role !== "admin" || session.clinicSlug === null)
    return <Navigate to={`/signin?next=${encodeURIComponent(props.path)}`} replace />;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/admin" size="sm">
        ← Admin
      </Anchor>
      <Title order={1}>{props.title}</Title>
      {props.intro && <Text>{props.intro}</Text>}
      {props.children({ slug: session.clinicSlug, timeZone: session.timeZone })}
    </Stack>
  );
}
