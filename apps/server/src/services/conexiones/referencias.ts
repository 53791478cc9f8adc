import { motivoNoVendible } from '@troncal/domain/enums';
import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import { booleanoPg } from '../../db/errores-pg';
import { clientes, nodos, proveedores, serviciosProveedor } from '../../db/schema';
import { regla } from '../errores';

/** The spec: "You cannot create a connection without first having at least one node and one provider service". */
export async function exigirPrerrequisitos(db: DbOrTx): Promise<void> {
  const [row] = await execRows<{ hay_nodos: unknown; hay_servicios: unknown }>(
    db,
    sql`select exists(select 1 from nodos) as hay_nodos, exists(select 1 from servicios_proveedor) as hay_servicios`,
  );
  const nodo = booleanoPg(row?.hay_nodos);
  const servicio = booleanoPg(row?.hay_servicios);
  if (nodo && servicio) return;
  const faltan = [!nodo && 'un nodo', !servicio && 'un servicio de proveedor'].filter(Boolean).join(' ni ');
  throw regla(
    `Para crear una conexión debe registrar al menos un nodo y un servicio de proveedor (aún no hay ${faltan}).`,
  );
}

export interface Referencias {
  cliente_id?: number | null | undefined;
  nodo_a?: number | null | undefined;
  nodo_b?: number | null | undefined;
  /** Checked as sellable too: the connection is being placed on it. */
  servicio_id?: number | null | undefined;
}

/**
 * Every id the body names must exist. A missing one is a business-rule refusal (422) naming the
 * field, not a 404: the connection being created or edited is what the URL names.
 */
export async function exigirReferencias(db: DbOrTx, ref: Referencias): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  if (ref.cliente_id != null) {
    const [c] = await db
      .select({ id: clientes.cliente_id })
      .from(clientes)
      .where(eq(clientes.cliente_id, ref.cliente_id));
    if (!c) issues.push({ path: 'cliente_id', message: `No existe el cliente ${ref.cliente_id}.` });
  }
  for (const campo of ['nodo_a', 'nodo_b'] as const) {
    const id = ref[campo];
    if (id == null) continue;
    const [n] = await db.select({ id: nodos.nodo_id }).from(nodos).where(eq(nodos.nodo_id, id));
    if (!n) issues.push({ path: campo, message: `No existe el nodo ${id} (${campo === 'nodo_a' ? 'A' : 'B'}).` });
  }
  if (ref.nodo_a != null && ref.nodo_b != null && ref.nodo_a === ref.nodo_b) {
    issues.push({ path: 'nodo_b', message: 'El nodo B debe ser distinto del nodo A.' });
  }
  if (ref.servicio_id != null) {
    const [s] = await db
      .select({
        cid: serviciosProveedor.cid_interno,
        condicion: serviciosProveedor.condicion,
        estado_proveedor: proveedores.estado,
      })
      .from(serviciosProveedor)
      .innerJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id))
      .where(eq(serviciosProveedor.servicio_id, ref.servicio_id));
    const motivo = s && motivoNoVendible(s.condicion, s.estado_proveedor);
    if (!s) issues.push({ path: 'servicio_id', message: `No existe el servicio de proveedor ${ref.servicio_id}.` });
    else if (motivo) {
      issues.push({
        path: 'servicio_id',
        message: `El servicio de proveedor ${s.cid} ${motivo}: no se le pueden asignar conexiones.`,
      });
    }
  }
  const [primera] = issues;
  if (primera) throw regla(primera.message, issues);
}
