import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { EnlaceEstado, ModoAjusteBw, Rol, TipoServicioCliente } from '../src/enums.js';
import type * as esquemas from '../src/schemas/index.js';

// Checked by `tsc` (typecheck); the runtime body is empty on purpose.
describe('inferred types', () => {
  it('give callers canonical, typed values', () => {
    expectTypeOf<esquemas.ConexionCreateInput['enlace_estado']>().toEqualTypeOf<EnlaceEstado | null | undefined>();
    expectTypeOf<esquemas.ConexionCreateInput['tipo_enlace']>().toEqualTypeOf<TipoServicioCliente>();
    expectTypeOf<esquemas.ConexionCreateInput['bw_contratado']>().toEqualTypeOf<number>();
    expectTypeOf<esquemas.ConexionCreateInput['servicio_id']>().toEqualTypeOf<number>();
    expectTypeOf<esquemas.ConexionCreateInput>().not.toHaveProperty('estado');
    expectTypeOf<esquemas.ConexionCreateInput>().not.toHaveProperty('cid');
    expectTypeOf<esquemas.ConexionUpdateInput['servicio_id']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<esquemas.AjustarBwInput['modo']>().toEqualTypeOf<ModoAjusteBw>();
    expectTypeOf<esquemas.AjustarCapacidadInput['delta_disponible']>().toEqualTypeOf<number>();
    expectTypeOf<esquemas.ServicioProveedorCreateInput['cid_interno']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<esquemas.ServicioProveedorCreateInput>().not.toHaveProperty('capacidad_vendida');
    expectTypeOf<esquemas.UsuarioCreateInput['rol']>().toEqualTypeOf<Rol>();
    expectTypeOf<esquemas.Conexion['created_at']>().toEqualTypeOf<string>();
    expectTypeOf<esquemas.ServicioProveedor['capacidad_disponible']>().toEqualTypeOf<number>();
  });

  it('keep inputs typed for tRPC callers', () => {
    expectTypeOf<z.input<typeof esquemas.ajustarBwInput>['modo']>().toEqualTypeOf<string>();
    expectTypeOf<z.input<typeof esquemas.ajustarBwInput>['mbps']>().toEqualTypeOf<string | number>();
    expectTypeOf<z.input<typeof esquemas.conexionCreateInput>['tipo_enlace']>().toEqualTypeOf<string>();
  });
});
