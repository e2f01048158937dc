import { Anchor, AppShell, Burger, Button, Container, Group, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { api, unwrap } from "./api/client";
import { isStaff, useSession } from "./session";

interface MenuItem {
  to: string;
  label: string;
}

const visitorMenu: MenuItem[] = [
  { to: "/book", label: "Book" },
  { to: "/learn/what-to-expect", label: "What to expect" },
  { to: "/signin", label: "Sign in" },
];
const patientMenu: MenuItem[] = [
  { to: "/timeline", label: "My timeline" },
  { to: "/plan", label: "My plan" },
  { to: "/routine", label: "My routine" },
  { to: "/book", label: "Book" },
  { to: "/intake", label: "Health questions" },
  { to: "/settings", label: "Settings" },
];
const staffMenu: MenuItem[] = [
  { to: "/desk", label: "Front desk" },
  { to: "/learn/how-to-prepare", label: "Education" },
];
const providerMenu: MenuItem[] = [
  ...staffMenu,
  { to: "/desk/alerts", label: "Alerts" },
  { to: "/desk/review", label: "Review" },
  { to: "/desk/reports", label: "Reports" },
];
const adminMenu: MenuItem[] = [...providerMenu, { to: "/admin", label: "Admin" }];

/** The frame of every page: clinic name, a menu fitting who is signed in, and the page. */
export function Layout() {
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const menu =
    session.role === null
      ? visitorMenu
      : session.role === "admin"
        ? adminMenu
        : session.role === "provider"
          ? providerMenu
          : isStaff(session.role)
            ? staffMenu
            : patientMenu;
  const links = menu.map((item) => (
    <Anchor key={item.to} component={NavLink} to={item.to} end onClick={close} fw={500}>
      {item.label}
    </Anchor>
  ));
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Anchor component={Link} to="/" fw={700} size="lg" c="dark" underline="never">
              {session.clinicName ?? "Regimen"}
            </Anchor>
            <Group gap="lg" visibleFrom="sm" component="nav" aria-label="Main">
              {links}
              {session.account !== null && <SignOutButton />}
            </Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" aria-label="Open the menu" />
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Navbar p="md" aria-label="Menu">
        <Stack component="nav" aria-label="Main (small screens)">
          {links}
          {session.account !== null && <SignOutButton />}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Container size="lg" px={0}>
          <Outlet />
        </Container>
        <Container size="lg" mt="xl" px={0}>
          <Text size="sm" c="dimmed">
            {session.account ? `Signed in as ${session.account.account.name}` : "Regimen"}
          </Text>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")),
    onSettled: () => {
      queryClient.clear();
      navigate("/");
    },
  });
  return (
    <Button variant="subtle" size="compact-sm" onClick={() => signOut.mutate()} loading={signOut.isPending}>
      Sign out
    </Button>
  );
}
