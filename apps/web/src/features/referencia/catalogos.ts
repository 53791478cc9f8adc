import type { EntidadConHistorial } from '../cambios/HistorialCambios';

/**
 * How the SPA names one catalogue, in one place: its routes (`/nodos` list, `/nodos/:id` detail,
 * `/nodos/nuevo` and `/nodos/:id/editar` forms, `/v1/nodos` export, `/importar/nodos`), its words
 * for titles and messages, and what its list page says.
 */
export interface Catalogo {
  ruta: '/clientes' | '/proveedores' | '/nodos' | '/equipos';
  /** "Nodos": the list's title and the detail page's way back. */
  titulo: string;
  /** "nodo": "Nuevo nodo", "Cargando nodo…", its change history. */
  singular: EntidadConHistorial;
  /** "nodos": "Aún no hay nodos", "Cargando nodos…", the import's entity. */
  plural: 'clientes' | 'proveedores' | 'nodos' | 'equipos';
  descripcion: string;
  /** What the search box looks in. */
  busqueda: string;
  /** The field that names a record: the list's first column and the detail's first pair. */
  etiquetaNombre: string;
}

export const CLIENTES: Catalogo = {
  ruta: '/clientes',
  titulo: 'Clientes',
  singular: 'cliente',
  plural: 'clientes',
  descripcion: 'Clientes corporativos a los que vendemos enlaces.',
  busqueda: 'Razón social, RUC, contacto o correo',
  etiquetaNombre: 'Razón social',
};

export const PROVEEDORES: Catalogo = {
  ruta: '/proveedores',
  titulo: 'Proveedores',
  singular: 'proveedor',
  plural: 'proveedores',
  descripcion: 'Operadores a los que compramos capacidad.',
  busqueda: 'Nombre, RUC, contacto o correo',
  etiquetaNombre: 'Nombre',
};

export const NODOS: Catalogo = {
  ruta: '/nodos',
  titulo: 'Nodos',
  singular: 'nodo',
  plural: 'nodos',
  descripcion: 'Sitios de la red y su ubicación.',
  busqueda: 'Nombre o dirección',
  etiquetaNombre: 'Nombre',
};

export const EQUIPOS: Catalogo = {
  ruta: '/equipos',
  titulo: 'Equipos',
  singular: 'equipo',
  plural: 'equipos',
  descripcion: 'Routers, switches, ONT, radios y firewalls.',
  busqueda: 'Serie, marca o modelo',
  etiquetaNombre: 'Serie',
};
