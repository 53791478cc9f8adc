import type {
  ClienteUpdateInput,
  EquipoUpdateInput,
  NodoUpdateInput,
  ProveedorUpdateInput,
} from '@troncal/domain/schemas';
import { auditoria } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { registrarCreaciones } from '../cambios';
import { actualizarCliente } from '../clientes.service';
import { actualizarEquipo } from '../equipos.service';
import { actualizarNodo } from '../nodos.service';
import { actualizarProveedor } from '../proveedores.service';
import { escribirServicios } from './escribir-servicios';
import { type Contexto, conUnicos, type Escrito, insertarLote, lotes, type Registros } from './lotes';
import type { EntidadImportacion } from './plantillas';
import type { RegistroImportado } from './validar';

/**
 * Writes validated rows of each entity but connections (escribir-conexiones.ts); the simple ones
 * (providers, clients, nodes, equipos) here.
 */
export function escribir(
  entidad: Exclude<EntidadImportacion, 'conexiones'>,
  ctx: Contexto,
  registros: unknown[],
): Promise<Escrito> {
  switch (entidad) {
    case 'proveedores':
      return escribirSimple(
        registros as Registros<'proveedores'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'proveedores',
              {
                nombre: 'text',
                ruc: 'text',
                estado: 'text',
                contacto: 'text',
                telefono: 'text',
                email: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                nombre: d.nombre,
                ruc: d.ruc ?? null,
                estado: d.estado ?? 'ACTIVO',
                contacto: d.contacto ?? null,
                telefono: d.telefono ?? null,
                email: d.email ?? null,
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'proveedor', idCampo: 'proveedor_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarProveedor(ctx.tx, id, d as ProveedorUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'clientes':
      return escribirSimple(
        registros as Registros<'clientes'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'clientes',
              {
                razon_social: 'text',
                ruc: 'text',
                contacto: 'text',
                telefono: 'text',
                email: 'text',
                estado: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                razon_social: d.razon_social,
                ruc: d.ruc,
                contacto: d.contacto ?? null,
                telefono: d.telefono ?? null,
                email: d.email ?? null,
                estado: d.estado ?? 'ACTIVO',
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'cliente', idCampo: 'cliente_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarCliente(ctx.tx, id, d as ClienteUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'nodos':
      return escribirSimple(
        registros as Registros<'nodos'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'nodos',
              {
                nombre: 'text',
                tipo: 'text',
                ubigeo: 'text',
                direccion: 'text',
                estado: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                nombre: d.nombre,
                tipo: d.tipo,
                ubigeo: d.ubigeo ?? null,
                direccion: d.direccion ?? null,
                estado: d.estado ?? 'ACTIVO',
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'nodo', idCampo: 'nodo_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarNodo(ctx.tx, id, d as NodoUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'equipos':
      return escribirSimple(
        registros as Registros<'equipos'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'equipos',
              {
                tipo: 'text',
                marca: 'text',
                modelo: 'text',
                serial: 'text',
                estado: 'text',
                observacion: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                tipo: d.tipo,
                marca: d.marca,
                modelo: d.modelo,
                serial: d.serial,
                estado: d.estado ?? 'DISPONIBLE',
                observacion: d.observacion ?? null,
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'equipo', idCampo: 'equipo_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarEquipo(ctx.tx, id, d as EquipoUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'servicios-proveedor':
      return escribirServicios(ctx, registros as Registros<'servicios-proveedor'>);
  }
}

async function escribirSimple<T>(
  registros: RegistroImportado<T>[],
  e: {
    insertar: (lote: RegistroImportado<T>[]) => Promise<object[]>;
    actualizar: (id: number, datos: T) => Promise<unknown>;
    /** Each inserted row (RETURNING *) gets its creation row in the change history. */
    historial: { entidad: 'proveedor' | 'cliente' | 'nodo' | 'equipo'; idCampo: string; usuario: AuthUser | null };
  },
  tx: DbOrTx,
): Promise<Escrito> {
  const nuevos = registros.filter((r) => r.existente === null);
  for (const lote of lotes(nuevos)) {
    const filas = await conUnicos(() => e.insertar(lote));
    await registrarCreaciones(tx, { ...e.historial, filas });
  }
  const existentes = registros.filter((r) => r.existente !== null);
  for (const r of existentes) await e.actualizar(r.existente as number, r.datos);
  return { creados: nuevos.length, actualizados: existentes.length, advertencias: [] };
}
