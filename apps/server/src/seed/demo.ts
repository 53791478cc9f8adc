import type { PoliticaSobreventa } from '@troncal/domain/capacity';
import type { EnlaceEstado } from '@troncal/domain/enums';
import {
  ajustarBwInput,
  ajustarCapacidadInput,
  conexionCreateInput,
  servicioProveedorCreateInput,
  servicioProveedorUpdateInput,
} from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { and, count, eq, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import { type Db, execRows } from '../db/client';
import { clientes, proveedores, serviciosProveedor } from '../db/schema';
import { ajustarBwConexion, cambiarEstadoConexion, crearConexion, type OpcionesConexion } from '../services/conexiones';
import { actualizarProveedor } from '../services/proveedores.service';
import { actualizarServicio, ajustarCapacidad, crearServicio } from '../services/servicios';
import { BaseNoVaciaError, type ConteoSiembra, tablasConDatos } from './comun';
import { CALLES, CARRIERS, CLIENTES_DEMO, direccionDe, MOTIVOS_AJUSTE_MANUAL, type Sitio } from './datos';
import { sembrarCatalogosDemo } from './demo.catalogos';
import {
  bwComercial,
  CONEXIONES,
  configuracionCisco,
  MOTIVOS_AUMENTO,
  MOTIVOS_BAJA,
  MOTIVOS_DISMINUCION,
  type PlanServicio,
  planServicios,
  sitioDe,
  TIPOS_ENLACE_DEMO,
  TIPOS_SERVICIO_DEMO,
} from './demo.plan';
import { crearAzar } from './prng';
import { sembrarUsoDemo } from './uso-demo';

/**
 * `db:seed --demo`: a believable ISP inventory created through the same service functions the SPA
 * and `/v1` call (with the same zod input schemas), so every Mbps sold is explained by the ledger:
 * carriers, provider services in several departamentos, clients with valid RUCs, nodes, equipos,
 * connections across states and service types, bandwidth changes, releases (BAJA) and manual
 * adjustments with their reasons, and a few services running hot so the 75 % / 90 % alerts show.
 */

export interface OpcionesDemo {
  actor: AuthUser;
  politica: PoliticaSobreventa;
  semilla?: number | undefined;
  info?: (msg: string) => void;
}

export interface ResumenDemo extends ConteoSiembra {
  yaCargado: boolean;
}

/** Whether this database already holds the demo (the same carriers and first client). */
async function demoYaCargada(db: Db): Promise<boolean> {
  const [p] = await db.select({ n: count() }).from(proveedores).where(eq(proveedores.nombre, CARRIERS[0]!.nombre));
  const [c] = await db.select({ n: count() }).from(clientes).where(eq(clientes.razon_social, CLIENTES_DEMO[0]!));
  return Number(p?.n ?? 0) > 0 && Number(c?.n ?? 0) > 0;
}

async function contar(db: Db) {
  const [r] = await execRows<Record<string, string | number>>(
    db,
    sql`select (select count(*) from proveedores) as proveedores,
               (select count(*) from servicios_proveedor) as servicios,
               (select count(*) from clientes) as clientes,
               (select count(*) from nodos) as nodos,
               (select count(*) from equipos) as equipos,
               (select count(*) from conexiones) as conexiones,
               (select count(*) from movimientos_capacidad) as movimientos`,
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    proveedores: n('proveedores'),
    servicios: n('servicios'),
    clientes: n('clientes'),
    nodos: n('nodos'),
    equipos: n('equipos'),
    conexiones: n('conexiones'),
    movimientos: n('movimientos'),
  };
}

export async function sembrarDemo(db: Db, opts: OpcionesDemo): Promise<ResumenDemo> {
  const inicio = performance.now();
  const conDatos = await tablasConDatos(db);
  if (conDatos.length > 0) {
    if (await demoYaCargada(db)) {
      return { yaCargado: true, ...(await contar(db)), segundos: (performance.now() - inicio) / 1000 };
    }
    throw new BaseNoVaciaError(conDatos);
  }
  const az = crearAzar(opts.semilla ?? 2025);
  const user = opts.actor;
  const info = opts.info ?? (() => {});
  const hoy = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const diasAtras = (d: number) => new Date(hoy - d * 86_400_000).toISOString().slice(0, 10);

  const { proveedorIds, nodoEn, tomarEquipo, elegirCliente } = await sembrarCatalogosDemo(db, az, user, info);

  // --- Provider services ---------------------------------------------------------------------------
  info('Servicios de proveedor…');
  const plan = planServicios(az);
  const servicios: { id: number; plan: PlanServicio; sitio: Sitio }[] = [];
  for (const [i, s] of plan.entries()) {
    const carrier = CARRIERS[s.carrier]!;
    const sitio = sitioDe(az, s.codigo);
    // BAJA/INACTIVO services are created ACTIVO and retired after their history is written.
    const condicionInicial = s.condicion === 'BAJA' || s.condicion === 'INACTIVO' ? 'ACTIVO' : s.condicion;
    const r = await crearServicio(db, {
      datos: servicioProveedorCreateInput.parse({
        proveedor_id: proveedorIds[s.carrier],
        nodo_id: nodoEn(['CORE', 'POP'], s.codigo),
        modalidad: s.modalidad,
        capacidad_comprada: s.comprada,
        ubicacion_servicio: `${sitio.distrito}, ${sitio.provincia} (${sitio.departamento})`,
        condicion: condicionInicial,
        observacion: s.observacion,
        cid_proveedor: `${carrier.prefijoCid}-${s.modalidad === 'DEDICADO' ? 'IPT' : 'INT'}-${String(204_511 + i * 7_919).slice(0, 6)}`,
        limite_sobreventa_pct: s.limite,
      }),
      usuario: user,
    });
    servicios.push({ id: r.servicio_id, plan: s, sitio });
  }

  // --- Connections ---------------------------------------------------------------------------------
  info('Conexiones…');
  const opConexion: OpcionesConexion = { usuario: user, politica: opts.politica, ajustarServicio: true };
  // Connections go to ACTIVO services, plus two to the service that will be retired (its history).
  const conVentas = servicios.filter((s) => s.plan.condicion === 'ACTIVO');
  const retirado = servicios.find((s) => s.plan.condicion === 'BAJA');
  const reparto = new Map<number, number>();
  const pesos = conVentas.map((s) => Math.sqrt(s.plan.comprada) * (s.plan.uso ? 1.5 : 1));
  const sumaPesos = pesos.reduce((a, b) => a + b, 0);
  const restantes = CONEXIONES - (retirado ? 2 : 0);
  for (const [i, s] of conVentas.entries()) {
    reparto.set(s.id, Math.max(2, Math.round((restantes * (pesos[i] ?? 0)) / sumaPesos)));
  }
  // Make the total exactly CONEXIONES by trimming or padding the largest services.
  let total = [...reparto.values()].reduce((a, b) => a + b, 0);
  const porTamano = [...conVentas].sort((a, b) => b.plan.comprada - a.plan.comprada);
  for (let k = 0; total !== restantes; k = (k + 1) % porTamano.length) {
    const id = porTamano[k]!.id;
    const actual = reparto.get(id) ?? 0;
    if (total > restantes && actual > 2) {
      reparto.set(id, actual - 1);
      total--;
    } else if (total < restantes) {
      reparto.set(id, actual + 1);
      total++;
    }
  }
  if (retirado) reparto.set(retirado.id, 2);

  interface Creada {
    enlace_id: number;
    servicio: (typeof servicios)[number];
    bw: number;
    estado: EnlaceEstado;
  }
  const creadas: Creada[] = [];
  /** What each service has sold so far, so later upgrades and reservations never oversell. */
  const vendidaDe = new Map<number, number>();
  const disponibleDe = (s: (typeof servicios)[number]) => s.plan.comprada - (vendidaDe.get(s.id) ?? 0);
  let ipSeq = 0;
  for (const s of [...conVentas, ...(retirado ? [retirado] : [])]) {
    const k = reparto.get(s.id) ?? 0;
    // Bandwidths that add up to the planned share of what was bought, never more: no oversale.
    let porVender = s.plan.comprada * s.plan.venta;
    const bws: number[] = [];
    for (let j = 0; j < k; j++) {
      const objetivo = Math.min(porVender, (porVender / (k - j)) * az.real(0.6, 1.4));
      const ultimo = j === k - 1;
      // Hot services: the last link takes the exact remainder so the planned share is reached.
      const bw =
        ultimo && s.plan.uso !== null
          ? Math.max(10, Math.floor(porVender))
          : Math.min(bwComercial(objetivo), Math.max(10, Math.floor(porVender)));
      bws.push(bw);
      porVender -= bw;
    }
    const vendida = bws.reduce((a, b) => a + b, 0);
    for (const [j, bw] of bws.entries()) {
      const caliente = s.plan.uso !== null;
      const estado: EnlaceEstado =
        s === retirado || caliente
          ? 'ACTIVO'
          : az.ponderado<EnlaceEstado>([
              ['ACTIVO', 74],
              ['PENDIENTE', 8],
              ['SUSPENDIDO', 6],
              ['DOWN', 4],
              ['INACTIVO', 4],
            ]);
      const enUso = estado === 'ACTIVO' || estado === 'SUSPENDIDO';
      // Hot services: every link runs at the service's target share, so utilizada/comprada lands on it.
      const frac = caliente ? Math.min(1, ((s.plan.uso ?? 0) * s.plan.comprada) / vendida) : az.real(0.2, 0.75);
      const bw_utilizado = enUso ? redondearMbps(bw * frac) : 0;
      const modalidad_enlace = s.plan.codigo === 'IQT' ? 'Satelital' : az.ponderado(TIPOS_ENLACE_DEMO);
      const sitio = az.si(0.8) ? s.sitio : sitioDe(az, s.plan.codigo);
      ipSeq++;
      const ip = `190.${116 + (ipSeq >> 6)}.${(ipSeq * 37) % 250}.${((ipSeq & 63) * 4 + 1) % 253}/30`;
      const equipo = estado !== 'PENDIENTE' && az.si(0.6) ? tomarEquipo(modalidad_enlace) : undefined;
      const fechaAct = estado === 'PENDIENTE' ? undefined : diasAtras(az.entero(20, 1100));
      const datos = conexionCreateInput.parse({
        servicio_id: s.id,
        cliente_id: elegirCliente(s.plan.codigo),
        tipo_enlace: az.ponderado(TIPOS_SERVICIO_DEMO),
        modalidad_enlace,
        bw_contratado: bw,
        bw_utilizado,
        nodo_a: nodoEn(['ACCESO', 'AGREGACION', 'EDGE'], s.plan.codigo),
        nodo_b: az.si(0.75) ? nodoEn(['CLIENTE'], s.plan.codigo) : undefined,
        departamento_enlace: sitio.departamento,
        provincia_enlace: sitio.provincia,
        distrito_enlace: sitio.distrito,
        direccion_enlace: direccionDe(az.elegir(CALLES), az.entero(100, 3999)),
        locacion: az.elegir(['Sede principal', 'Oficina central', 'Planta', 'Almacén', 'Agencia', 'Data center']),
        enlace_estado: estado,
        enlace_fecha_activacion: fechaAct,
        asignacion_ip: estado === 'PENDIENTE' ? undefined : ip,
        equipos_ids: equipo ? [equipo] : undefined,
        configuracion_nodo_a:
          j % 3 === 0 && estado !== 'PENDIENTE' ? configuracionCisco(100 + creadas.length, ip) : undefined,
      });
      const r = await crearConexion(db, { datos, ...opConexion });
      vendidaDe.set(s.id, (vendidaDe.get(s.id) ?? 0) + bw);
      creadas.push({ enlace_id: r.conexion.enlace_id, servicio: s, bw, estado });
    }
  }

  // --- Operations: what a year of operations leaves in the ledger ------------------------------------
  info('Movimientos (ajustes de BW, bajas, ajustes manuales)…');
  const normales = creadas.filter((c) => c.servicio.plan.uso === null && c.servicio !== retirado);
  // Releases (BAJA): the retired service's links, and about one in twelve ordinary ones.
  const bajas = [
    ...creadas.filter((c) => c.servicio === retirado),
    ...normales.filter((c, i) => c.estado !== 'PENDIENTE' && i % 12 === 5),
  ];
  for (const c of bajas) {
    await cambiarEstadoConexion(db, {
      id: c.enlace_id,
      datos: { enlace_estado: 'BAJA', motivo: az.elegir(MOTIVOS_BAJA) },
      ...opConexion,
    });
    c.estado = 'BAJA';
    vendidaDe.set(c.servicio.id, (vendidaDe.get(c.servicio.id) ?? 0) - c.bw);
  }
  // Upgrades and downgrades on ordinary services (the upgrades fit in what remains available).
  const vivos = normales.filter((c) => c.estado === 'ACTIVO');
  for (const [i, c] of vivos.filter((_, i) => i % 9 === 2).entries()) {
    const aumentar = i % 3 !== 2;
    const mbps = aumentar ? Math.min(100, bwComercial(c.bw * 0.5)) : bwComercial(c.bw / 2);
    if (!aumentar && mbps >= c.bw) continue;
    if (aumentar && mbps > disponibleDe(c.servicio)) continue;
    const input = ajustarBwInput.parse({
      modo: aumentar ? 'AUMENTAR' : 'DISMINUIR',
      mbps,
      motivo: aumentar ? az.elegir(MOTIVOS_AUMENTO) : az.elegir(MOTIVOS_DISMINUCION),
    });
    await ajustarBwConexion(db, { id: c.enlace_id, datos: input, ...opConexion });
    const delta = aumentar ? mbps : -mbps;
    c.bw = redondearMbps(c.bw + delta);
    vendidaDe.set(c.servicio.id, (vendidaDe.get(c.servicio.id) ?? 0) + delta);
  }
  // Manual adjustments with their reasons: reservations, and one of them partly returned.
  const reservas = servicios.filter(
    (s) => s.plan.condicion === 'ACTIVO' && s.plan.uso === null && s.plan.comprada >= 1000,
  );
  for (const [i, s] of reservas.filter((_, i) => i % 3 === 0).entries()) {
    const reserva = bwComercial(s.plan.comprada * 0.1);
    if (reserva > disponibleDe(s)) continue;
    vendidaDe.set(s.id, (vendidaDe.get(s.id) ?? 0) + reserva);
    await ajustarCapacidad(db, {
      id: s.id,
      datos: ajustarCapacidadInput.parse({ delta_disponible: -reserva, motivo: MOTIVOS_AJUSTE_MANUAL[i % 3]! }),
      usuario: user,
      politica: opts.politica,
    });
    if (i === 0) {
      await ajustarCapacidad(db, {
        id: s.id,
        datos: ajustarCapacidadInput.parse({ delta_disponible: reserva / 2, motivo: MOTIVOS_AJUSTE_MANUAL[3]! }),
        usuario: user,
        politica: opts.politica,
      });
    }
  }

  // --- Retire what the plan retires ----------------------------------------------------------------
  for (const s of servicios) {
    if (s.plan.condicion === 'BAJA' || s.plan.condicion === 'INACTIVO') {
      await actualizarServicio(db, {
        id: s.id,
        datos: servicioProveedorUpdateInput.parse({ condicion: s.plan.condicion }),
        usuario: user,
        politica: opts.politica,
      });
    }
  }
  const ultimo = proveedorIds[CARRIERS.length - 1];
  if (ultimo !== undefined) {
    const [vivosUltimo] = await db
      .select({ n: count() })
      .from(serviciosProveedor)
      .where(
        and(
          eq(serviciosProveedor.proveedor_id, ultimo),
          sql`${serviciosProveedor.condicion} not in ('BAJA', 'INACTIVO')`,
        ),
      );
    if (Number(vivosUltimo?.n ?? 0) === 0) await actualizarProveedor(db, ultimo, { estado: 'INACTIVO' }, user);
  }

  // --- Measured-traffic history, so the usage charts mean something with no source (uso-demo.ts) ----
  const uso = await sembrarUsoDemo(db, { semilla: opts.semilla ?? 2025 });
  info(`Historial de uso: ${uso.conexiones} conexiones y ${uso.servicios} servicios, ${uso.horas} horas de muestras.`);

  return { yaCargado: false, ...(await contar(db)), segundos: (performance.now() - inicio) / 1000 };
}
