import type { TipoEnlace, TipoEquipo, TipoNodo } from '@troncal/domain/enums';
import { clienteCreateInput, equipoCreateInput, nodoCreateInput, proveedorCreateInput } from '@troncal/domain/schemas';
import type { AuthUser } from '../auth/types';
import type { Db } from '../db/client';
import { crearCliente } from '../services/clientes.service';
import { crearEquipo } from '../services/equipos.service';
import { crearNodo } from '../services/nodos.service';
import { crearProveedor } from '../services/proveedores.service';
import {
  CALLES,
  CARRIERS,
  CLIENTES_DEMO,
  direccionDe,
  dominioDe,
  MODELOS_EQUIPO,
  NOMBRES_CONTACTO,
  rucDe,
  SEDE_CLIENTE_DEMO,
  SUFIJO_NODO,
  serialDe,
  telefonoDe,
  usuarioCorreo,
} from './datos';
import { CODIGOS_DEMO, EQUIPO_PARA, EQUIPOS, NODOS_POR_TIPO, sitioDe } from './demo.plan';
import type { Azar } from './prng';

/**
 * The demo's reference catalogues (providers, nodes, equipos, clients), created through the same
 * services as the SPA; returns the providers' ids and how the services and connections that follow
 * pick a node, a free equipo and a client.
 */
export async function sembrarCatalogosDemo(db: Db, az: Azar, user: AuthUser, info: (msg: string) => void) {
  // --- Providers ----------------------------------------------------------------------------------
  info('Proveedores…');
  const proveedorIds: number[] = [];
  for (const [i, c] of CARRIERS.entries()) {
    const p = await crearProveedor(
      db,
      proveedorCreateInput.parse({
        nombre: c.nombre,
        ruc: rucDe('20', 10_017_400 + i * 1_234_567),
        contacto: c.contacto,
        telefono: `+51 1 ${String(6_100_000 + i * 111_111).slice(0, 3)} ${String(1000 + i * 37).slice(0, 4)}`,
        email: `noc@${c.dominio}`,
      }),
      user,
    );
    proveedorIds.push(p.proveedor_id);
  }

  // --- Nodes: ~20 of each type ---------------------------------------------------------------------
  info('Nodos…');
  const nodosPorTipo = new Map<TipoNodo, { id: number; codigo: string }[]>();
  const tipos: TipoNodo[] = ['CORE', 'AGREGACION', 'ACCESO', 'EDGE', 'POP', 'CLIENTE'];
  for (const tipo of tipos) {
    const lista: { id: number; codigo: string }[] = [];
    for (let k = 0; k < NODOS_POR_TIPO; k++) {
      const codigo = CODIGOS_DEMO[k % CODIGOS_DEMO.length]!;
      const sitio = sitioDe(az, codigo);
      const nodo = await crearNodo(
        db,
        nodoCreateInput.parse({
          nombre: `${codigo}-${SUFIJO_NODO[tipo]}-${String(k + 1).padStart(2, '0')}`,
          tipo,
          ubigeo: sitio.ubigeo,
          direccion: direccionDe(az.elegir(CALLES), az.entero(100, 3999)),
          estado: tipo === 'ACCESO' && k === NODOS_POR_TIPO - 1 ? 'INACTIVO' : 'ACTIVO',
        }),
        user,
      );
      if (nodo.estado === 'ACTIVO') lista.push({ id: nodo.nodo_id, codigo });
    }
    nodosPorTipo.set(tipo, lista);
  }
  const nodoEn = (tiposNodo: TipoNodo[], codigo: string): number => {
    const candidatos = tiposNodo.flatMap((t) => nodosPorTipo.get(t) ?? []);
    const locales = candidatos.filter((n) => n.codigo === codigo);
    return az.elegir(locales.length > 0 ? locales : candidatos).id;
  };

  // --- Equipos -------------------------------------------------------------------------------------
  info('Equipos…');
  const libres = new Map<TipoEquipo, number[]>();
  for (let k = 0; k < EQUIPOS; k++) {
    const m = MODELOS_EQUIPO[k % MODELOS_EQUIPO.length]!;
    const baja = k % 20 === 19;
    const e = await crearEquipo(
      db,
      equipoCreateInput.parse({
        tipo: m.tipo,
        marca: m.marca,
        modelo: m.modelo,
        serial: serialDe(m, k),
        estado: baja ? 'BAJA' : 'DISPONIBLE',
        observacion: baja ? 'Dañado por descarga eléctrica; pendiente de RMA' : undefined,
      }),
      user,
    );
    if (!baja) libres.set(m.tipo, [...(libres.get(m.tipo) ?? []), e.equipo_id]);
  }
  const tomarEquipo = (modalidad: TipoEnlace): number | undefined => {
    for (const tipo of EQUIPO_PARA[modalidad]) {
      const lista = libres.get(tipo);
      if (lista && lista.length > 0) return lista.shift();
    }
    return undefined;
  };

  // --- Clients -------------------------------------------------------------------------------------
  info('Clientes…');
  const clienteIds: number[] = [];
  const rucs = new Set<string>();
  for (const [i, razon_social] of CLIENTES_DEMO.entries()) {
    let ruc = rucDe('20', az.entero(10_000_000, 99_999_999));
    while (rucs.has(ruc)) ruc = rucDe('20', az.entero(10_000_000, 99_999_999));
    rucs.add(ruc);
    const contacto = NOMBRES_CONTACTO[i % NOMBRES_CONTACTO.length]!;
    const c = await crearCliente(
      db,
      clienteCreateInput.parse({
        razon_social,
        ruc,
        contacto,
        telefono: telefonoDe(i * 7919 + 101),
        email: `${usuarioCorreo(contacto)}@${dominioDe(razon_social)}`,
        estado: i === CLIENTES_DEMO.length - 1 ? 'INACTIVO' : 'ACTIVO',
      }),
      user,
    );
    clienteIds.push(c.cliente_id);
  }
  // The last client is INACTIVO (no new links). National accounts buy links anywhere (the big ones
  // more often); regional ones only in their city, where they are favoured.
  const nacionales = clienteIds.filter((_, i) => i < CLIENTES_DEMO.length - 1 && !SEDE_CLIENTE_DEMO[CLIENTES_DEMO[i]!]);
  const locales = (codigo: string) => clienteIds.filter((_, i) => SEDE_CLIENTE_DEMO[CLIENTES_DEMO[i]!] === codigo);
  const elegirCliente = (codigo: string) => {
    const propios = locales(codigo);
    if (propios.length > 0 && az.si(0.6)) return az.elegir(propios);
    return nacionales[Math.floor(nacionales.length * az.next() ** 1.6)]!;
  };

  return { proveedorIds, nodoEn, tomarEquipo, elegirCliente };
}
