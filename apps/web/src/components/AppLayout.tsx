import { AppShell, Burger, Group, NavLink, ScrollArea, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAntenna } from '@tabler/icons-react';
import type { Rol } from '@troncal/domain/enums';
import { type ReactNode, Suspense, useEffect } from 'react';
import { Link, Outlet, NavLink as RouterNavLink, useLocation, useMatch } from 'react-router';
import { ADMIN_NAV_ENTRIES, enabledNavEntries, INICIO, type NavEntry } from './nav';
import { LoadingState } from './StateViews';

function SidebarLink({ entry }: { entry: NavEntry }) {
  const match = useMatch({ path: entry.to, end: entry.to === '/' });
  const Icon = entry.icon;
  return (
    <NavLink
      component={RouterNavLink}
      to={entry.to}
      end={entry.to === '/'}
      label={entry.label}
      leftSection={<Icon size={18} stroke={1.6} />}
      active={match !== null}
      variant="light"
    />
  );
}

export interface AppLayoutProps {
  /** The header's user menu. */
  usuario: ReactNode;
  /** Whether the signed-in user has at least this role: entries with a `rol` show only then. */
  puede: (rol: Rol) => boolean;
}

/** The shell: header, sidebar and the page. Who is signed in comes from the caller (features/auth). */
export function AppLayout({ usuario, puede }: AppLayoutProps) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const adminEntries = ADMIN_NAV_ENTRIES.filter((entry) => entry.enabled && (!entry.rol || puede(entry.rol)));

  // On small screens the sidebar is a drawer: close it once the user has picked a page.
  useEffect(() => {
    close();
  }, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 56 }}
      // Below 1200 px the sidebar is a drawer: at 1024 px a fixed sidebar leaves the lists too narrow
      // for their columns (CID, client, three Mbps figures, state, actions) without a sideways scroll.
      navbar={{ width: 248, breakpoint: 'lg', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="lg" size="sm" aria-label="Abrir menú" />
            <UnstyledButton component={Link} to="/" aria-label="Troncal, ir al inicio">
              <Group gap={8} wrap="nowrap">
                <IconAntenna size={26} color="var(--mantine-primary-color-filled)" />
                <Title order={1} size="h3" c="var(--mantine-primary-color-filled)">
                  Troncal
                </Title>
                <Text size="sm" c="dimmed" visibleFrom="md">
                  Inventario de capacidad de red
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <div data-slot="usuario">{usuario}</div>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Módulos">
        <AppShell.Section grow component={ScrollArea}>
          <SidebarLink entry={INICIO} />
          {enabledNavEntries()
            .filter((entry) => !entry.rol || puede(entry.rol))
            .map((entry) => (
              <SidebarLink key={entry.to} entry={entry} />
            ))}
          {adminEntries.length > 0 ? (
            <>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
                Administración
              </Text>
              {adminEntries.map((entry) => (
                <SidebarLink key={entry.to} entry={entry} />
              ))}
            </>
          ) : null}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
