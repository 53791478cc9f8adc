import { ENLACE_ESTADOS } from '@troncal/domain/enums';
import { cidEnlaceDeNumero, cidServicioDeNumero } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import type { AuthUser } from '../auth/types';
import type { Db, DbKind } from '../db/client';
import { type Cargador, ejecutarSinTransaccion, enTransaccionMasiva, type Valor } from './cargador';
import { BaseNoVaciaError, type ConteoSiembra, TABLAS_INVENTARIO } from './comun';
import {
  CALLES,
  CARRIERS,
  CARRIERS_REGIONALES,
  direccionDe,
  dominioDe,
  MODELOS_EQUIPO,
  NOMBRES_CONTACTO,
  razonSocialGenerada,
  rucDe,
  SITIOS,
  SUFIJO_NODO,
  serialDe,
  telefonoDe,
  usuarioCorreo,
} from './datos';
import { finalizar, tablasEnTransaccion } from './escala.cierre';
import {
  DIA,
  IDX_BAJA,
  LOCACIONES,
  planEscala,
  TIPOS_ENLACE_PONDERADOS,
  TIPOS_SERVICIO_PONDERADOS,
} from './escala.plan';
import { crearAzar } from './prng';
import { type Progreso, progresoSilencioso } from './progreso';

/**
 * `db:seed --scale N`: N connections with proportional services (≈ N/10), clients (≈ N/50), nodes
 * and equipos, bulk-loaded with COPY in one transaction. The ledger is still whole: one
 * VENTA_CONEXION row per connection (plus its BAJA_CONEXION row when it was released, and a few
 * manual adjustments), `capacidad_vendida` recomputed in SQL as Σ ledger, `capacidad_utilizada` as
 * Σ bw_utilizado of non-BAJA connections, and every id / CID sequence moved past what was written.
 */

export interface OpcionesEscala {
  conexiones: number;
  actor: AuthUser;
  semilla?: number;
  /** Called once with the total number of rows to write. */
  progreso?: (totalFilas: number) => Progreso;
}

export interface ResumenEscala extends ConteoSiembra {
  filas: number;
}

export const MAX_CONEXIONES_ESCALA = 5_000_000;

const iso = (ms: number) => new Date(ms).toISOString();
const fecha = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function sembrarEscala(database: { db: Db; kind: DbKind }, opts: OpcionesEscala): Promise<ResumenEscala> {
  const n = Math.floor(opts.conexiones);
  if (!(n >= 1 && n <= MAX_CONEXIONES_ESCALA)) {
    throw new RangeError(`--scale debe ser un entero entre 1 y ${MAX_CONEXIONES_ESCALA}.`);
  }
  const inicio = performance.now();
  const semilla = opts.semilla ?? 20_250_701;
  const usuario = opts.actor.usuario_id;
  const plan = planEscala(n, semilla);
  const { tam, hoy, origen, nodoTipo, nodosRed, nodosCliente, nodosServicio, nodoSitio, servProveedor } = plan;
  const { servCondicion, conServicio, conEstado, conBw, conUtil, conCliente, conCreado, conEquipo } = plan;
  const { comprada, ajustes, filas, totalFilas } = plan;
  const progreso = opts.progreso?.(totalFilas) ?? progresoSilencioso;

  // --- Load -------------------------------------------------------------------------------------

  const az2 = crearAzar(semilla + 1);
  const audit = (ms: number): Valor[] => [iso(ms), iso(ms), usuario, usuario];
  const AUDIT = ['created_at', 'updated_at', 'created_by', 'updated_by'];
  const altaReferencia = origen - 200 * DIA;

  await enTransaccionMasiva(database, async (c: Cargador) => {
    const conDatos = await tablasEnTransaccion(c);
    if (conDatos.length > 0) throw new BaseNoVaciaError(conDatos);

    const [seqServ] = await c.query<{ last_value: string | number; is_called: boolean | string }>(
      'select last_value, is_called from servicio_cid_seq',
    );
    const [seqEnl] = await c.query<{ last_value: string | number; is_called: boolean | string }>(
      'select last_value, is_called from enlace_cid_seq',
    );
    const siguiente = (r: { last_value: string | number; is_called: boolean | string } | undefined) =>
      r && (r.is_called === true || r.is_called === 't') ? Number(r.last_value) + 1 : Number(r?.last_value ?? 1);
    const cidServ0 = siguiente(seqServ);
    const cidEnl0 = siguiente(seqEnl);
    const avanzar = (fase: string) => (k: number) => progreso.avanzar(k, fase);

    await c.copy(
      'proveedores',
      ['proveedor_id', 'nombre', 'ruc', 'estado', 'contacto', 'telefono', 'email', ...AUDIT],
      (function* () {
        for (let p = 0; p < tam.proveedores; p++) {
          const carrier = CARRIERS[p];
          const nombre = carrier?.nombre ?? CARRIERS_REGIONALES[p - CARRIERS.length]!;
          const dominio = carrier?.dominio ?? dominioDe(nombre);
          yield [
            p + 1,
            nombre,
            rucDe('20', 10_000_000 + p * 7),
            'ACTIVO',
            carrier?.contacto ?? 'NOC',
            telefonoDe(p * 31),
            `noc@${dominio}`,
            ...audit(altaReferencia + p * DIA),
          ];
        }
      })(),
      avanzar('proveedores'),
    );

    await c.copy(
      'nodos',
      ['nodo_id', 'nombre', 'tipo', 'ubigeo', 'direccion', 'estado', ...AUDIT],
      (function* () {
        for (let k = 0; k < tam.nodos; k++) {
          const sitio = nodoSitio[k]!;
          const tipo = nodoTipo[k]!;
          yield [
            k + 1,
            `${sitio.codigo}-${SUFIJO_NODO[tipo]}-${String(k + 1).padStart(4, '0')}`,
            tipo,
            sitio.ubigeo,
            direccionDe(az2.elegir(CALLES), az2.entero(100, 3999)),
            az2.si(0.03) ? 'INACTIVO' : 'ACTIVO',
            ...audit(altaReferencia + (k % 150) * DIA),
          ];
        }
      })(),
      avanzar('nodos'),
    );

    await c.copy(
      'clientes',
      ['cliente_id', 'razon_social', 'ruc', 'contacto', 'telefono', 'email', 'estado', ...AUDIT],
      (function* () {
        for (let k = 0; k < tam.clientes; k++) {
          const razon = razonSocialGenerada(k);
          const contacto = az2.elegir(NOMBRES_CONTACTO);
          yield [
            k + 1,
            razon,
            rucDe('20', 20_000_000 + k),
            contacto,
            telefonoDe(k * 7919 + 13),
            `${usuarioCorreo(contacto)}@${dominioDe(razon)}`,
            az2.si(0.04) ? 'INACTIVO' : 'ACTIVO',
            ...audit(altaReferencia + (k % 180) * DIA),
          ];
        }
      })(),
      avanzar('clientes'),
    );

    const equipoAsignado = new Uint8Array(tam.equipos);
    for (let i = 0; i < n; i++) {
      const e = conEquipo[i]!;
      if (e >= 0) equipoAsignado[e] = 1;
    }
    await c.copy(
      'equipos',
      ['equipo_id', 'tipo', 'marca', 'modelo', 'serial', 'estado', 'observacion', ...AUDIT],
      (function* () {
        for (let k = 0; k < tam.equipos; k++) {
          const m = MODELOS_EQUIPO[k % MODELOS_EQUIPO.length]!;
          const estado = equipoAsignado[k] ? 'ASIGNADO' : az2.si(0.05) ? 'BAJA' : 'DISPONIBLE';
          yield [
            k + 1,
            m.tipo,
            m.marca,
            m.modelo,
            serialDe(m, k),
            estado,
            estado === 'BAJA' ? 'Equipo dado de baja por falla de hardware' : null,
            ...audit(altaReferencia + (k % 200) * DIA),
          ];
        }
      })(),
      avanzar('equipos'),
    );

    await c.copy(
      'servicios_proveedor',
      [
        'servicio_id',
        'proveedor_id',
        'nodo_id',
        'modalidad',
        'capacidad_comprada',
        'capacidad_vendida',
        'capacidad_utilizada',
        'ubicacion_servicio',
        'condicion',
        'observacion',
        'cid_proveedor',
        'cid_interno',
        'limite_sobreventa_pct',
        ...AUDIT,
      ],
      (function* () {
        for (let s = 0; s < tam.servicios; s++) {
          const p = servProveedor[s]!;
          const prefijo = CARRIERS[p]?.prefijoCid ?? `R${String(p).padStart(2, '0')}`;
          const nodo = nodosServicio.length > 0 ? az2.elegir(nodosServicio) : 0;
          const sitio = nodoSitio[nodo]!;
          const modalidad = az2.si(0.6) ? 'DEDICADO' : 'COMPARTIDO';
          const condicion = servCondicion[s]!;
          yield [
            s + 1,
            p + 1,
            nodo + 1,
            modalidad,
            comprada[s]!,
            0,
            0,
            `${sitio.departamento} / ${sitio.provincia} / ${sitio.distrito}`,
            condicion,
            condicion === 'BAJA' ? 'Contrato terminado con el proveedor' : null,
            `${prefijo}-${modalidad === 'DEDICADO' ? 'IPT' : 'INT'}-${String(100_000 + s * 13).padStart(6, '0')}`,
            cidServicioDeNumero(cidServ0 + s),
            az2.si(0.05) ? az2.elegir([10, 20, 30]) : null,
            ...audit(origen - 100 * DIA + (s * 100 * DIA) / tam.servicios),
          ];
        }
      })(),
      avanzar('servicios'),
    );

    await c.copy(
      'conexiones',
      [
        'enlace_id',
        'servicio_id',
        'cid_enlace',
        'modalidad_enlace',
        'tipo_enlace',
        'enlace_estado',
        'enlace_fecha_activacion',
        'bw_contratado',
        'bw_utilizado',
        'departamento_enlace',
        'provincia_enlace',
        'distrito_enlace',
        'direccion_enlace',
        'locacion',
        'cliente_id',
        'nodo_a',
        'configuracion_nodo_a',
        'nodo_b',
        'configuracion_nodo_b',
        'asignacion_ip',
        ...AUDIT,
      ],
      (function* () {
        for (let i = 0; i < n; i++) {
          const estado = ENLACE_ESTADOS[conEstado[i]!]!;
          const sitio = az2.ponderado(SITIOS.map((x) => [x, x.peso] as const));
          const cid = cidEnlaceDeNumero(cidEnl0 + i);
          const nodoA = az2.elegir(nodosRed);
          const nodoB = nodosCliente.length > 0 && az2.si(0.7) ? az2.elegir(nodosCliente) : null;
          const creado = conCreado[i]!;
          const vlan = 100 + (i % 3900);
          yield [
            i + 1,
            conServicio[i]! + 1,
            cid,
            az2.ponderado(TIPOS_ENLACE_PONDERADOS),
            az2.ponderado(TIPOS_SERVICIO_PONDERADOS),
            estado,
            estado === 'PENDIENTE' ? null : fecha(creado + az2.entero(1, 20) * DIA),
            conBw[i]!,
            conUtil[i]!,
            sitio.departamento,
            sitio.provincia,
            sitio.distrito,
            direccionDe(az2.elegir(CALLES), az2.entero(100, 3999)),
            `${az2.elegir(LOCACIONES)} ${sitio.distrito}`,
            conCliente[i]! + 1,
            nodoA + 1,
            az2.si(0.25)
              ? `interface GigabitEthernet0/0/${i % 48}.${vlan}\n description ENLACE-${cid}\n encapsulation dot1Q ${vlan}`
              : null,
            nodoB === null ? null : nodoB + 1,
            null,
            estado === 'PENDIENTE' ? null : `10.${(i >> 14) & 255}.${(i >> 6) & 255}.${(i & 63) * 4 + 1}/30`,
            ...audit(creado),
          ];
        }
      })(),
      avanzar('conexiones'),
    );

    await c.copy(
      'conexion_equipos',
      ['enlace_id', 'equipo_id'],
      (function* () {
        for (let i = 0; i < n; i++) {
          const e = conEquipo[i]!;
          if (e >= 0) yield [i + 1, e + 1];
        }
      })(),
      avanzar('equipos de conexiones'),
    );

    // The ledger, in time order: sales as the connections came, then the releases and adjustments.
    const resultante = new Float64Array(tam.servicios);
    let movimientoId = 0;
    const fila = (s: number, delta: number, motivo: string, origenMov: string, enlace: number | null, ms: number) => {
      resultante[s] = redondearMbps((resultante[s] ?? 0) + delta);
      return [++movimientoId, s + 1, delta, resultante[s]!, motivo, origenMov, enlace, usuario, iso(ms)];
    };
    await c.copy(
      'movimientos_capacidad',
      [
        'movimiento_id',
        'servicio_id',
        'delta_vendida',
        'vendida_resultante',
        'motivo',
        'origen',
        'enlace_id',
        'usuario_id',
        'created_at',
      ],
      (function* () {
        for (let i = 0; i < n; i++) {
          const cid = cidEnlaceDeNumero(cidEnl0 + i);
          yield fila(conServicio[i]!, conBw[i]!, `Alta de la conexión ${cid}`, 'VENTA_CONEXION', i + 1, conCreado[i]!);
        }
        for (let i = 0; i < n; i++) {
          if (conEstado[i] !== IDX_BAJA) continue;
          const cid = cidEnlaceDeNumero(cidEnl0 + i);
          const ms = Math.min(hoy - DIA, conCreado[i]! + 60 * DIA);
          yield fila(conServicio[i]!, -conBw[i]!, `Baja de la conexión ${cid}`, 'BAJA_CONEXION', i + 1, ms);
        }
        for (const a of ajustes) yield fila(a.servicio, a.delta, a.motivo, 'AJUSTE_MANUAL', null, a.creado);
      })(),
      avanzar('libro de capacidad'),
    );

    await c.copy(
      'movimientos_enlace',
      ['movimiento_id', 'enlace_id', 'bw_anterior', 'bw_nuevo', 'delta', 'motivo', 'usuario_id', 'created_at'],
      (function* () {
        for (let i = 0; i < n; i++)
          yield [i + 1, i + 1, 0, conBw[i]!, conBw[i]!, 'Alta de la conexión', usuario, iso(conCreado[i]!)];
      })(),
      avanzar('historial de BW'),
    );

    // The chart's first point for each service: what was bought, nothing sold yet.
    await c.copy(
      'muestras_uso',
      ['servicio_id', 'capacidad_comprada', 'capacidad_vendida', 'capacidad_utilizada', 'created_at'],
      (function* () {
        for (let s = 0; s < tam.servicios; s++) {
          yield [s + 1, comprada[s]!, 0, 0, iso(origen - 100 * DIA + (s * 100 * DIA) / tam.servicios)];
        }
      })(),
      avanzar('muestras'),
    );

    progreso.avanzar(0, 'totales y secuencias');
    await finalizar(c, { cidServicio: cidServ0 + tam.servicios - 1, cidEnlace: cidEnl0 + n - 1 });
  });
  progreso.avanzar(0, 'vacuum analyze');
  await ejecutarSinTransaccion(database, `vacuum (analyze) ${TABLAS_INVENTARIO.join(', ')}`);
  progreso.terminar();

  return {
    proveedores: tam.proveedores,
    servicios: tam.servicios,
    clientes: tam.clientes,
    nodos: tam.nodos,
    equipos: tam.equipos,
    conexiones: n,
    movimientos: filas.movimientos,
    filas: totalFilas,
    segundos: (performance.now() - inicio) / 1000,
  };
}
