import {
  IconBuildingBroadcastTower,
  IconHome,
  IconMap2,
  IconPlugConnected,
  IconRouter,
  IconTopologyStar3,
  IconTruckDelivery,
  IconUsers,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

export interface NavEntry {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number | string; stroke?: number | string }>;
  /** Only enabled entries render: a module's entry is switched on when its pages exist. */
  enabled: boolean;
  /** Short text for the Inicio page. */
  description?: string;
}

export const INICIO: NavEntry = { label: 'Inicio', to: '/', icon: IconHome, enabled: true };

/** The sidebar, in order. */
export const NAV_ENTRIES: readonly NavEntry[] = [
  {
    label: 'Conexiones',
    to: '/conexiones',
    icon: IconPlugConnected,
    enabled: false,
    description: 'Enlaces vendidos a clientes corporativos.',
  },
  {
    label: 'Enlaces por proveedor',
    to: '/servicios',
    icon: IconTopologyStar3,
    enabled: false,
    description: 'Servicios comprados a proveedores y su capacidad.',
  },
  {
    label: 'Proveedores',
    to: '/proveedores',
    icon: IconTruckDelivery,
    enabled: false,
    description: 'Operadores a los que compramos capacidad.',
  },
  { label: 'Clientes', to: '/clientes', icon: IconUsers, enabled: false, description: 'Clientes corporativos.' },
  {
    label: 'Nodos',
    to: '/nodos',
    icon: IconBuildingBroadcastTower,
    enabled: false,
    description: 'Sitios de la red y su ubicación.',
  },
  {
    label: 'Equipos',
    to: '/equipos',
    icon: IconRouter,
    enabled: false,
    description: 'Routers, switches, ONT, radios…',
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
