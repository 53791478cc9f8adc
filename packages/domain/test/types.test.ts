import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { EnlaceEstado, ModoAjusteBw, Rol, TipoServicioCliente } from '../src/enums.js';
import type {
  AjustarBwInput,
  AjustarCapacidadInput,
  ajustarBwInput,
  Conexion,
  ConexionCreateInput,
  ConexionUpdateInput,
  conexionCreateInput,
  ServicioProveedor,
  ServicioProveedorCreateInput,
  UsuarioCreateInput,
} from '../src/schemas/index.js';

// Checked by `tsc` (typecheck); the runtime body is empty on purpose.
describe('inferred types', () => {
  it('give callers canonical, typed values', () => {
    expectTypeOf<ConexionCreateInput['enlace_estado']>().toEqualTypeOf<EnlaceEstado | null | undefined>();
    expectTypeOf<ConexionCreateInput['tipo_enlace']>().toEqualTypeOf<TipoServicioCliente>();
    expectTypeOf<ConexionCreateInput['bw_contratado']>().toEqualTypeOf<number>();
    expectTypeOf<ConexionCreateInput['servicio_id']>().toEqualTypeOf<number>();
    expectTypeOf<ConexionCreateInput>().not.toHaveProperty('estado');
    expectTypeOf<ConexionCreateInput>().not.toHaveProperty('cid');
    expectTypeOf<ConexionUpdateInput['servicio_id']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AjustarBwInput['modo']>().toEqualTypeOf<ModoAjusteBw>();
    expectTypeOf<AjustarCapacidadInput['delta_disponible']>().toEqualTypeOf<number>();
    expectTypeOf<ServicioProveedorCreateInput['cid_interno']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ServicioProveedorCreateInput>().not.toHaveProperty('capacidad_vendida');
    expectTypeOf<UsuarioCreateInput['rol']>().toEqualTypeOf<Rol>();
    expectTypeOf<Conexion['created_at']>().toEqualTypeOf<string>();
    expectTypeOf<ServicioProveedor['capacidad_disponible']>().toEqualTypeOf<number>();
  });

  it('keep inputs typed for tRPC callers', () => {
    expectTypeOf<z.input<typeof ajustarBwInput>['modo']>().toEqualTypeOf<string>();
    expectTypeOf<z.input<typeof ajustarBwInput>['mbps']>().toEqualTypeOf<string | number>();
    expectTypeOf<z.input<typeof conexionCreateInput>['tipo_enlace']>().toEqualTypeOf<string>();
  });
});
