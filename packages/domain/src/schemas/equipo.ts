import { z } from 'zod';
import { ESTADOS_EQUIPO, TIPOS_EQUIPO } from '../enums.js';
import { auditoriaSchema, textoOpcional, textoRequerido } from './common.js';
import { entradasEscritura } from './escritura.js';
import { estadoEquipoInput, tipoEquipoInput } from './vocabularios.js';

export const equipoSchema = z
  .object({
    equipo_id: z.number().int(),
    tipo: z.enum(TIPOS_EQUIPO),
    marca: z.string(),
    modelo: z.string(),
    serial: z.string(),
    estado: z.enum(ESTADOS_EQUIPO),
    observacion: z.string().nullable(),
    /** The live connection holding it, when the server joins it in. */
    enlace_id: z.number().int().nullable().optional(),
  })
  .extend(auditoriaSchema.shape);
export type Equipo = z.infer<typeof equipoSchema>;

export const { crear: equipoCreateInput, actualizar: equipoUpdateInput } = entradasEscritura({
  tipo: tipoEquipoInput,
  marca: textoRequerido(100),
  modelo: textoRequerido(100),
  serial: textoRequerido(100),
  estado: estadoEquipoInput.optional(),
  observacion: textoOpcional(1000),
});
export type EquipoCreateInput = z.output<typeof equipoCreateInput>;
export type EquipoUpdateInput = z.output<typeof equipoUpdateInput>;

/** A row of `GET /v1/equipos/listar/select`: the form shows "tipo | marca | modelo | SN: serial". */
export const equipoSelectSchema = equipoSchema.pick({
  equipo_id: true,
  tipo: true,
  marca: true,
  modelo: true,
  serial: true,
  estado: true,
});
export type EquipoSelect = z.infer<typeof equipoSelectSchema>;

/** "ROUTER | Cisco | ISR4331 | SN: FDO1234" — the spec's dropdown label. */
export const etiquetaEquipo = (e: Pick<Equipo, 'tipo' | 'marca' | 'modelo' | 'serial'>): string =>
  `${e.tipo} | ${e.marca} | ${e.modelo} | SN: ${e.serial}`;
