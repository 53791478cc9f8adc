import type {
  ClienteUpdateInput,
  EquipoUpdateInput,
  NodoUpdateInput,
  ProveedorUpdateInput,
} from '@troncal/domain/schemas';
import { auditoria } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import type { Tx } from '../../db/client';
import { registrarCreaciones } from '../cambios';
import { actualizarCliente } from '../clientes.service';
import { actualizarEquipo } from '../equipos.service';
import { actualizarNodo } from '../nodos.service';
import { actualizarProveedor } from '../proveedores.service';
import { escribirServicios } from './escribir-servicios';
import { type Contexto, conUnicos, type Escrito, insertarLote, lotes, type Registros } from './lotes';
import type { EntidadImportacion } from './plantillas';

type Simple = 'proveedores' | 'clientes' | 'nodos' | 'equipos';

/**
 * How the four catalogues that reference nothing are written: new rows as one INSERT per batch of
 * their text columns (blank is NULL, `estado` its default) with RETURNING * for the creation history;
 * existing ones through the catalogue's own update use case.
 */
const SIMPLES: Readonly<
  Record<
    Simple,
    {
      /** The history's entity; its id column is `<entidad>_id`. */
      entidad: 'proveedor' | 'cliente' | 'nodo' | 'equipo';
      columnas: readonly string[];
      estado: string;
      actualizar: (tx: Tx, id: number, datos: object, usuario: AuthUser | null) => Promise<unknown>;
    }
  >
> = {
  proveedores: {
    entidad: 'proveedor',
    columnas: ['nombre', 'ruc', 'estado', 'contacto', 'telefono', 'email'],
    estado: 'ACTIVO',
    actualizar: (tx, id, d, u) => actualizarProveedor(tx, id, d as ProveedorUpdateInput, u),
  },
  clientes: {
    entidad: 'cliente',
    columnas: ['razon_social', 'ruc', 'contacto', 'telefono', 'email', 'estado'],
    estado: 'ACTIVO',
    actualizar: (tx, id, d, u) => actualizarCliente(tx, id, d as ClienteUpdateInput, u),
  },
  nodos: {
    entidad: 'nodo',
    columnas: ['nombre', 'tipo', 'ubigeo', 'direccion', 'estado'],
    estado: 'ACTIVO',
    actualizar: (tx, id, d, u) => actualizarNodo(tx, id, d as NodoUpdateInput, u),
  },
  equipos: {
    entidad: 'equipo',
    columnas: ['tipo', 'marca', 'modelo', 'serial', 'estado', 'observacion'],
    estado: 'DISPONIBLE',
    actualizar: (tx, id, d, u) => actualizarEquipo(tx, id, d as EquipoUpdateInput, u),
  },
};

/** Writes validated rows of each entity but connections (escribir-conexiones.ts). */
export function escribir(
  entidad: Exclude<EntidadImportacion, 'conexiones'>,
  ctx: Contexto,
  registros: unknown[],
): Promise<Escrito> {
  if (entidad === 'servicios-proveedor') return escribirServicios(ctx, registros as Registros<'servicios-proveedor'>);
  return escribirSimple(entidad, ctx, registros as Registros<Simple>);
}

async function escribirSimple(tabla: Simple, ctx: Contexto, registros: Registros<Simple>): Promise<Escrito> {
  const { entidad, columnas, estado, actualizar } = SIMPLES[tabla];
  const tipos = Object.fromEntries([
    ...columnas.map((c) => [c, 'text']),
    ['created_by', 'integer'],
    ['updated_by', 'integer'],
  ]);
  const nuevos = registros.filter((r) => r.existente === null);
  for (const lote of lotes(nuevos)) {
    const valores = lote.map(({ datos }) => {
      const d = datos as unknown as Record<string, unknown>;
      const fila = Object.fromEntries(columnas.map((c) => [c, d[c] ?? null]));
      return { ...fila, estado: d.estado ?? estado, ...auditoria(ctx.usuario) };
    });
    const filas = await conUnicos(() => insertarLote(ctx.tx, tabla, tipos, valores, '*'));
    await registrarCreaciones(ctx.tx, { entidad, idCampo: `${entidad}_id`, filas, usuario: ctx.usuario });
  }
  const existentes = registros.filter((r) => r.existente !== null);
  for (const r of existentes) await actualizar(ctx.tx, r.existente as number, r.datos, ctx.usuario);
  return { creados: nuevos.length, actualizados: existentes.length, advertencias: [] };
}
