import { parseEnlaceEstado } from '@troncal/domain/enums';
import {
  type ClienteCreateInput,
  type ConexionCreateInput,
  clienteCreateInput,
  conexionCreateInput,
  type EquipoCreateInput,
  equipoCreateInput,
  type NodoCreateInput,
  nodoCreateInput,
  type ProveedorCreateInput,
  proveedorCreateInput,
  type ServicioProveedorCreateInput,
  servicioProveedorCreateInput,
} from '@troncal/domain/schemas';
import type { z } from 'zod';
import { fechaCelda, listaCelda, numeroCelda, resolverUbigeo, textoCelda } from './celdas';
import type { EntidadImportacion } from './plantillas';
import type {
  ReferenciaEquipo,
  ReferenciaProveedor,
  ReferenciaServicio,
  ReferenciaSimple,
  TipoReferencia,
} from './resolver';
import type { Celda } from './tabla';

type Referencia = ReferenciaProveedor | ReferenciaServicio | ReferenciaEquipo | ReferenciaSimple;

/**
 * A natural key a row names, resolved in one batch per type after every row is read. Plain data,
 * no closures: a 100,000-row file holds half a million of these.
 */
export interface PedidoReferencia {
  tipo: TipoReferencia;
  clave: string;
  columna: string;
  /** The schema field the resolved id goes to; `indice` for a position in an array field. */
  campo: string;
  indice?: number;
}

export interface ContextoFila {
  celda(columna: string): Celda | undefined;
  error(columna: string, message: string): void;
}

export interface DefinicionEntidad {
  schema: z.ZodType;
  /** The record's own natural key, looked up to find existing records. */
  propia: TipoReferencia;
  /** Schema field → template column, for fields fed from another column (ids from natural keys). */
  columnaDe?: Readonly<Record<string, string>>;
  /** Cells → schema input (ids as placeholders) and the references to resolve. */
  preparar(ctx: ContextoFila): { entrada: Record<string, unknown>; referencias: PedidoReferencia[] };
  /** Spanish message when a referenced record exists but this row cannot use it. */
  comprobar?(pedido: PedidoReferencia, ref: Referencia, ctx: ContextoFila): string | null;
  /** A fresh check across rows for one validation run (equipos held by two connections). */
  entreFilas?: () => (ctx: ContextoFila, fila: number) => void;
}

export interface DatosImportacion {
  proveedores: ProveedorCreateInput;
  clientes: ClienteCreateInput;
  nodos: NodoCreateInput;
  equipos: EquipoCreateInput;
  'servicios-proveedor': ServicioProveedorCreateInput;
  conexiones: ConexionCreateInput;
}

/** Placeholder ids let the domain schema check everything else before the references are resolved. */
const ID_PROVISIONAL = 1;

function textos(ctx: ContextoFila, columnas: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columnas) out[c] = textoCelda(ctx.celda(c));
  return out;
}

/**
 * A blank cell in a column the file has means "no value" (null, so an update clears it); a column
 * the file lacks stays undefined (an update leaves it alone). Only for fields that accept null:
 * elsewhere blank stays undefined, which means "the default" (estado) or "required" (nombre).
 */
function anulables(
  ctx: ContextoFila,
  entrada: Record<string, unknown>,
  campos: readonly (readonly [string, string])[],
): void {
  for (const [campo, columna] of campos) {
    if (entrada[campo] === undefined && ctx.celda(columna) !== undefined) entrada[campo] = null;
  }
}
const mismos = (...c: string[]) => c.map((x) => [x, x] as const);

// Built once: preparar runs for every row.
const ANULABLES = {
  proveedores: mismos('ruc', 'contacto', 'telefono', 'email'),
  clientes: mismos('contacto', 'telefono', 'email'),
  nodos: mismos('ubigeo', 'direccion'),
  equipos: mismos('observacion'),
  servicios: [
    ...mismos('ubicacion_servicio', 'condicion', 'observacion', 'cid_proveedor', 'limite_sobreventa_pct'),
    ['nodo_id', 'nodo_nombre'] as const,
  ],
  conexiones: [
    ...mismos(
      'modalidad_enlace',
      'configuracion_nodo_a',
      'configuracion_nodo_b',
      'departamento_enlace',
      'provincia_enlace',
      'distrito_enlace',
      'direccion_enlace',
      'locacion',
      'enlace_fecha_activacion',
      'asignacion_ip',
    ),
    ['nodo_b', 'nodo_b_nombre'] as const,
  ],
};

/** Router configuration keeps its indentation: only a blank cell means none. */
const literal = (c: Celda | undefined) => (c == null || String(c).trim() === '' ? undefined : String(c));

/** Asks for a reference and puts a placeholder id where the resolved one will go. */
function pedir(
  entrada: Record<string, unknown>,
  referencias: PedidoReferencia[],
  tipo: TipoReferencia,
  clave: string | undefined,
  columna: string,
  campo: string,
  provisional = ID_PROVISIONAL,
): void {
  if (!clave) return;
  entrada[campo] = provisional;
  referencias.push({ tipo, clave, columna, campo });
}

/** A row that is only text cells (some nullable) and names no other entity. */
const soloTextos =
  (columnas: readonly string[], nulos: readonly (readonly [string, string])[]): DefinicionEntidad['preparar'] =>
  (ctx) => {
    const entrada = textos(ctx, columnas);
    anulables(ctx, entrada, nulos);
    return { entrada, referencias: [] };
  };

/** pedir() with the natural key read from the column that names it. */
function pedirDeColumna(
  ctx: ContextoFila,
  entrada: Record<string, unknown>,
  referencias: PedidoReferencia[],
  tipo: TipoReferencia,
  columna: string,
  campo: string,
): void {
  pedir(entrada, referencias, tipo, textoCelda(ctx.celda(columna)), columna, campo);
}

const estadoDeFila = (ctx: ContextoFila) => parseEnlaceEstado(textoCelda(ctx.celda('enlace_estado')) ?? 'PENDIENTE');

export const DEFINICIONES: Readonly<Record<EntidadImportacion, DefinicionEntidad>> = {
  proveedores: {
    schema: proveedorCreateInput,
    propia: 'proveedor',
    preparar: soloTextos(['nombre', 'ruc', 'estado', 'contacto', 'telefono', 'email'], ANULABLES.proveedores),
  },
  clientes: {
    schema: clienteCreateInput,
    propia: 'cliente',
    preparar: soloTextos(['razon_social', 'ruc', 'contacto', 'telefono', 'email', 'estado'], ANULABLES.clientes),
  },
  nodos: {
    schema: nodoCreateInput,
    propia: 'nodo',
    preparar: (ctx) => {
      const entrada: Record<string, unknown> = textos(ctx, ['nombre', 'tipo', 'direccion', 'estado']);
      const ubigeo = resolverUbigeo(ctx.celda('ubigeo'));
      if (ubigeo && 'error' in ubigeo) ctx.error('ubigeo', ubigeo.error);
      else if (ubigeo) entrada.ubigeo = ubigeo.codigo;
      anulables(ctx, entrada, ANULABLES.nodos);
      return { entrada, referencias: [] };
    },
  },
  equipos: {
    schema: equipoCreateInput,
    propia: 'equipo',
    preparar: soloTextos(['tipo', 'marca', 'modelo', 'serial', 'estado', 'observacion'], ANULABLES.equipos),
  },
  'servicios-proveedor': {
    schema: servicioProveedorCreateInput,
    propia: 'servicio',
    columnaDe: { proveedor_id: 'proveedor_nombre', nodo_id: 'nodo_nombre' },
    comprobar: (pedido, ref) =>
      'estado' in ref && pedido.tipo === 'proveedor' && ref.estado !== 'ACTIVO'
        ? `El proveedor "${pedido.clave}" está ${ref.estado}: un servicio necesita un proveedor ACTIVO.`
        : null,
    preparar: (ctx) => {
      const entrada: Record<string, unknown> = textos(ctx, [
        'modalidad',
        'ubicacion_servicio',
        'condicion',
        'observacion',
        'cid_proveedor',
        'cid_interno',
      ]);
      entrada.capacidad_comprada = numeroCelda(ctx.celda('capacidad_comprada'));
      entrada.limite_sobreventa_pct = numeroCelda(ctx.celda('limite_sobreventa_pct'));
      const referencias: PedidoReferencia[] = [];
      pedirDeColumna(ctx, entrada, referencias, 'proveedor', 'proveedor_nombre', 'proveedor_id');
      pedirDeColumna(ctx, entrada, referencias, 'nodo', 'nodo_nombre', 'nodo_id');
      anulables(ctx, entrada, ANULABLES.servicios);
      return { entrada, referencias };
    },
  },
  conexiones: {
    schema: conexionCreateInput,
    propia: 'conexion',
    columnaDe: {
      servicio_id: 'servicio_cid_interno',
      cliente_id: 'cliente_ruc',
      nodo_a: 'nodo_a_nombre',
      nodo_b: 'nodo_b_nombre',
      equipos_ids: 'equipos_seriales',
    },
    // The row's estado is parsed only in the rare cases that need it.
    comprobar: (pedido, ref, ctx) => {
      if (pedido.tipo === 'servicio' && 'condicion' in ref) {
        return ref.condicion === 'BAJA' && estadoDeFila(ctx) !== 'BAJA'
          ? `El servicio ${pedido.clave} está dado de baja: no se le pueden asignar conexiones que no estén en BAJA.`
          : null;
      }
      if (pedido.tipo !== 'equipo' || !('cid_enlace' in ref)) return null;
      if (ref.estado === 'BAJA') return `El equipo ${pedido.clave} está dado de baja y no se puede asignar.`;
      if (ref.cid_enlace && ref.cid_enlace !== textoCelda(ctx.celda('cid_enlace')) && estadoDeFila(ctx) !== 'BAJA') {
        return `El equipo ${pedido.clave} ya está asignado a la conexión ${ref.cid_enlace}.`;
      }
      return null;
    },
    preparar: (ctx) => {
      const entrada: Record<string, unknown> = textos(ctx, [
        'cid_enlace',
        'tipo_enlace',
        'modalidad_enlace',
        'enlace_estado',
        'departamento_enlace',
        'provincia_enlace',
        'distrito_enlace',
        'direccion_enlace',
        'locacion',
        'asignacion_ip',
      ]);
      entrada.bw_contratado = numeroCelda(ctx.celda('bw_contratado'));
      entrada.bw_utilizado = numeroCelda(ctx.celda('bw_utilizado'));
      entrada.enlace_fecha_activacion = fechaCelda(ctx.celda('enlace_fecha_activacion'));
      entrada.configuracion_nodo_a = literal(ctx.celda('configuracion_nodo_a'));
      entrada.configuracion_nodo_b = literal(ctx.celda('configuracion_nodo_b'));
      const referencias: PedidoReferencia[] = [];
      pedirDeColumna(ctx, entrada, referencias, 'servicio', 'servicio_cid_interno', 'servicio_id');
      pedirDeColumna(ctx, entrada, referencias, 'cliente', 'cliente_ruc', 'cliente_id');
      const nodoA = textoCelda(ctx.celda('nodo_a_nombre'));
      pedir(entrada, referencias, 'nodo', nodoA, 'nodo_a_nombre', 'nodo_a');
      const nodoB = textoCelda(ctx.celda('nodo_b_nombre'));
      if (nodoB && nodoA && nodoB.toLowerCase() === nodoA.toLowerCase()) {
        ctx.error('nodo_b_nombre', 'El nodo B debe ser distinto del nodo A.');
      } else pedir(entrada, referencias, 'nodo', nodoB, 'nodo_b_nombre', 'nodo_b', ID_PROVISIONAL + 1);
      const seriales = listaCelda(ctx.celda('equipos_seriales'));
      const vistos = new Set<string>();
      const ids: number[] = [];
      for (const serial of seriales) {
        if (vistos.has(serial.toLowerCase())) {
          ctx.error('equipos_seriales', `El equipo ${serial} está repetido en la celda.`);
          continue;
        }
        vistos.add(serial.toLowerCase());
        const indice = ids.length;
        ids.push(indice + 1);
        referencias.push({ tipo: 'equipo', clave: serial, columna: 'equipos_seriales', campo: 'equipos_ids', indice });
      }
      if (seriales.length > 0) entrada.equipos_ids = ids;
      else if (ctx.celda('equipos_seriales') !== undefined) entrada.equipos_ids = [];
      anulables(ctx, entrada, ANULABLES.conexiones);
      return { entrada, referencias };
    },
    entreFilas: () => {
      const enUso = new Map<string, number>();
      return (ctx, fila) => {
        if (estadoDeFila(ctx) === 'BAJA') return;
        for (const serial of listaCelda(ctx.celda('equipos_seriales'))) {
          const clave = serial.toLowerCase();
          const previa = enUso.get(clave);
          if (previa !== undefined && previa !== fila) {
            ctx.error(
              'equipos_seriales',
              `El equipo ${serial} ya está en la conexión de la fila ${previa}; un equipo solo puede estar en una conexión que no esté en BAJA.`,
            );
          } else enUso.set(clave, fila);
        }
      };
    },
  },
};
