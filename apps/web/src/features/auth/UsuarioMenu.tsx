import { ActionIcon, Badge, Button, Group, Menu, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDots, IconKey, IconLogout } from '@tabler/icons-react';
import { ROL_COLORS } from '@troncal/domain/enums';
import { lazy, Suspense, useState } from 'react';
import { useAuth } from './useAuth';

// Loaded on first use: the modal checks the password rule with the domain's zod schema, and the
// header is part of the initial bundle, which must not carry zod (~25 kB gzip) for a dialog most
// sessions never open.
const CambiarPasswordModal = lazy(() =>
  import('./CambiarPasswordModal').then((m) => ({ default: m.CambiarPasswordModal })),
);

/** The header's user corner: name, role, password change and "Cerrar sesión". */
export function UsuarioMenu() {
  const { usuario, rolLabel, cerrarSesion } = useAuth();
  const [saliendo, setSaliendo] = useState(false);
  const [passwordAbierto, password] = useDisclosure(false);
  // Mounted from the first opening on (and kept, so closing still animates).
  const [passwordUsado, setPasswordUsado] = useState(false);
  if (!usuario) return null;
  const salir = async () => {
    setSaliendo(true);
    try {
      await cerrarSesion();
    } finally {
      setSaliendo(false);
    }
  };
  return (
    <Group gap="sm" wrap="nowrap" aria-label="Sesión">
      <Text size="sm" fw={500} visibleFrom="sm" data-testid="usuario-nombre" truncate maw={220}>
        {usuario.nombre}
      </Text>
      {/* On a phone the header holds the logo and three buttons; the role is in the account menu. */}
      <Badge color={ROL_COLORS[usuario.rol]} variant="light" data-testid="usuario-rol" visibleFrom="sm">
        {rolLabel}
      </Badge>
      {usuario.via === 'sesion' ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label="Opciones de la cuenta">
              <IconDots size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>
              {usuario.email} · {rolLabel}
            </Menu.Label>
            <Menu.Item
              leftSection={<IconKey size={16} />}
              onClick={() => {
                setPasswordUsado(true);
                password.open();
              }}
            >
              Cambiar contraseña
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : null}
      <Button
        variant="subtle"
        color="gray"
        size="compact-sm"
        leftSection={<IconLogout size={16} />}
        loading={saliendo}
        onClick={salir}
        visibleFrom="sm"
      >
        Cerrar sesión
      </Button>
      <Tooltip label="Cerrar sesión">
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label="Cerrar sesión"
          loading={saliendo}
          onClick={salir}
          hiddenFrom="sm"
        >
          <IconLogout size={18} />
        </ActionIcon>
      </Tooltip>
      {passwordUsado ? (
        <Suspense fallback={null}>
          <CambiarPasswordModal opened={passwordAbierto} onClose={password.close} />
        </Suspense>
      ) : null}
    </Group>
  );
}
