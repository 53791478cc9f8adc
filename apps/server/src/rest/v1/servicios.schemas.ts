import { CONDICIONES_SERVICIO } from '@troncal/domain/enums';
import {
  capacidadesServicioSchema,
  enlaceRedSchema,
  servicioProveedorSchema,
  servicioProveedorSelectSchema,
} from '@troncal/domain/schemas';
import { z } from 'zod';
import { updateEnvelope } from './envelopes';

/** The `/v1` provider-service contract beyond the domain's inputs: the response envelopes. */

/** `POST /v1/servicios-proveedor/crear` → 201, exactly as the spec shows. */
export const servicioCreadoResponse = z.object({
  ok: z.literal(true),
  message: z.string(),
  servicio_id: z.number().int(),
  /** The number in `ICP-<n>`; null for a manual CID outside the scheme. */
  cid_generado: z.number().int().nullable(),
  cid_anterior: z.number().int(),
});

/** `POST /v1/servicios-proveedor/{id}/ajustar-capacidad`. */
export const ajusteCapacidadResponse = capacidadesServicioSchema.extend({
  ok: z.literal(true),
  message: z.string(),
  advertencias: z.array(z.string()),
});

/** `PUT /v1/servicios-proveedor/servicios-proveedor/{id}`. */
export const servicioActualizadoResponse = updateEnvelope(servicioProveedorSchema).extend({
  advertencias: z.array(z.string()),
});

/** `GET /v1/servicios-proveedor/{id}/conexiones`. */
export const servicioConexionesResponse = z.object({
  ok: z.literal(true),
  servicio: servicioProveedorSchema,
  conexiones: z.array(enlaceRedSchema),
});

/** The picker row, with what a connection form needs to preview the service after a sale. */
export const servicioSelectItem = servicioProveedorSelectSchema.extend({
  condicion: z.enum(CONDICIONES_SERVICIO),
  capacidad_comprada: z.number(),
  capacidad_vendida: z.number(),
});
