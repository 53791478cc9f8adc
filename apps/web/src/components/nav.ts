import {
  IconActivity,
  IconBuildingBroadcastTower,
  IconHistory,
  IconHome,
  IconKey,
  IconMap2,
  IconPlugConnected,
  IconRouter,
  IconTopologyStar3,
  IconTruckDelivery,
  IconUserCog,
  IconUsers,
  IconWebhook,
} from '@tabler/icons-react';
import type { Rol } from '@troncal/domain/enums';
import type { ComponentType } from 'react';

export interface NavEntry {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number | string; stroke?: number | string }>;
  /** Only enabled entries render: a module's entry is switched on when its pages exist. */
  enabled: boolean;
  /** Short text for the Inicio page. */
  description?: string;
  /** Minimum role to see the entry (default: any signed-in user). */
  rol?: Rol;
}

export const INICIO: NavEntry = { label: 'Inicio', to: '/', icon: IconHome, enabled: true };

/** The sidebar, in order. */
export const NAV_ENTRIES: readonly NavEntry[] = [
  {
    label: 'Conexiones',
    to: '/conexiones',
    icon: IconPlugConnected,
    enabled: true,
    description: 'Enlaces vendidos a clientes corporativos.',
  },
  {
    label: 'Enlaces por proveedor',
    to: '/servicios',
    icon: IconTopologyStar3,
    enabled: true,
    description: 'Servicios comprados a proveedores y su capacidad.',
  },
  {
    label: 'Proveedores',
    to: '/proveedores',
    icon: IconTruckDelivery,
    enabled: true,
    description: 'Operadores a los que compramos capacidad.',
  },
  { label: 'Clientes', to: '/clientes', icon: IconUsers, enabled: true, description: 'Clientes corporativos.' },
  {
    label: 'Nodos',
    to: '/nodos',
    icon: IconBuildingBroadcastTower,
    enabled: true,
    description: 'Sitios de la red y su ubicación.',
  },
  {
    label: 'Equipos',
    to: '/equipos',
    icon: IconRouter,
    enabled: true,
    description: 'Routers, switches, ONT, radios…',
  },
  {
    label: 'Monitoreo',
    to: '/monitoreo',
    icon: IconActivity,
    enabled: true,
    description: 'Vínculos con Zabbix y Prometheus y el estado de su última lectura.',
  },
  {
    label: 'Ubigeo',
    to: '/ubigeo',
    icon: IconMap2,
    enabled: true,
    description: 'Departamentos, provincias y distritos del Perú.',
  },
];

export function enabledNavEntries(): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.enabled);
}

/** The sidebar's "Administración" section: admins only (the server refuses the rest anyway). */
export const ADMIN_NAV_ENTRIES: readonly NavEntry[] = [
  {
    label: 'Usuarios',
    to: '/admin/usuarios',
    icon: IconUserCog,
    enabled: true,
    rol: 'admin',
    description: 'Cuentas, roles y contraseñas.',
  },
  {
    label: 'Tokens de API',
    to: '/admin/tokens',
    icon: IconKey,
    enabled: true,
    rol: 'admin',
    description: 'Credenciales de las integraciones con /v1.',
  },
  {
    label: 'Webhooks',
    to: '/admin/webhooks',
    icon: IconWebhook,
    enabled: true,
    rol: 'admin',
    description: 'Avisos firmados a otros sistemas cuando cambian conexiones y servicios.',
  },
  {
    label: 'Actividad',
    to: '/admin/actividad',
    icon: IconHistory,
    enabled: true,
    rol: 'admin',
    description: 'Historial de cambios: quién cambió qué, cuándo y por dónde.',
  },
];
