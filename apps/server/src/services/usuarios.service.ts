import type { Usuario, UsuarioCreateInput, UsuarioUpdateInput } from '@troncal/domain/schemas';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { auditoria, auditoriaCambio } from '../auth/auditoria';
import { hashPassword } from '../auth/passwords';
import { type AuthUser, actorCli } from '../auth/types';
import type { Db, DbOrTx, Tx } from '../db/client';
import { esUnicoViolado } from '../db/errores-pg';
import { sesiones, usuarios } from '../db/schema';
import { enTransaccion } from '../db/transaccion';
import { registrarCambio } from './cambios';
import { conflicto, noEncontrado, regla } from './errores';
import { columnasAuditoria, conFechasIso } from './referencia.comun';

/** A user as admins see it (the domain's `Usuario`, who created and last changed it): never the password hash. */
export type UsuarioListado = Usuario & { created_by: number | null; updated_by: number | null };

const columnas = {
  usuario_id: usuarios.usuario_id,
  email: usuarios.email,
  nombre: usuarios.nombre,
  rol: usuarios.rol,
  activo: usuarios.activo,
  ...columnasAuditoria(usuarios),
};

const aUsuario = (row: UsuarioListado): UsuarioListado => conFechasIso(row);

const correoDuplicado = (email: string) => conflicto(`Ya existe un usuario con el correo ${email}.`, 'email');

export async function listarUsuarios(db: DbOrTx): Promise<UsuarioListado[]> {
  const rows = await db.select(columnas).from(usuarios).orderBy(asc(usuarios.nombre), asc(usuarios.usuario_id));
  return rows.map(aUsuario);
}

export async function obtenerUsuario(db: DbOrTx, usuarioId: number): Promise<UsuarioListado> {
  const [row] = await db.select(columnas).from(usuarios).where(eq(usuarios.usuario_id, usuarioId)).limit(1);
  if (!row) throw noEncontrado('el usuario', usuarioId);
  return aUsuario(row);
}

async function correoLibre(db: DbOrTx, email: string, excepto?: number) {
  const mismo = eq(sql`lower(${usuarios.email})`, email.toLowerCase());
  const [row] = await db
    .select({ usuario_id: usuarios.usuario_id })
    .from(usuarios)
    .where(excepto === undefined ? mismo : and(mismo, ne(usuarios.usuario_id, excepto)))
    .limit(1);
  if (row) throw correoDuplicado(email);
}

/** Used by the admin page and by `pnpm troncal users:create` (actor null). */
export async function crearUsuario(
  db: DbOrTx,
  input: UsuarioCreateInput,
  actor: AuthUser | null,
): Promise<UsuarioListado> {
  await correoLibre(db, input.email);
  const password_hash = await hashPassword(input.password);
  try {
    return await enTransaccion(db, async (tx) => {
      const [row] = await tx
        .insert(usuarios)
        .values({ email: input.email, nombre: input.nombre, rol: input.rol, password_hash, ...auditoria(actor) })
        .returning(columnas);
      const creado = aUsuario(row!);
      // The hash is named so the history says a password was set; its value is never recorded.
      await registrarCambio(tx, {
        entidad: 'usuario',
        id: creado.usuario_id,
        accion: 'crear',
        usuario: actor,
        despues: { ...creado, password_hash },
      });
      return creado;
    });
  } catch (e) {
    // Two admins creating the same email at once: the unique index decides, with the same message.
    if (esUnicoViolado(e, 'usuarios_email_uq')) throw correoDuplicado(input.email);
    throw e;
  }
}

/** Serialises changes to who is an admin, so two of them cannot both remove "the other" last admin. */
async function bloquearUsuarios(tx: Tx) {
  await tx.execute(sql`lock table ${usuarios} in share row exclusive mode`);
}

async function adminsActivos(tx: Tx): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(usuarios)
    .where(and(eq(usuarios.rol, 'admin'), eq(usuarios.activo, true)));
  return r?.n ?? 0;
}

/**
 * Name, role, active flag and password, each optional. Troncal must always keep an active admin: a
 * change that would leave none (an admin demoting or deactivating themself last) is refused. A new
 * password or a deactivation closes the user's sessions, except the one making the change.
 */
export async function actualizarUsuario(
  db: Db,
  usuarioId: number,
  cambios: UsuarioUpdateInput,
  actor: AuthUser,
): Promise<UsuarioListado> {
  const password_hash = cambios.password !== undefined ? await hashPassword(cambios.password) : undefined;
  return db.transaction(async (tx) => {
    await bloquearUsuarios(tx);
    const [actual] = await tx
      .select({ rol: usuarios.rol, activo: usuarios.activo })
      .from(usuarios)
      .where(eq(usuarios.usuario_id, usuarioId))
      .limit(1);
    if (!actual) throw noEncontrado('el usuario', usuarioId);
    const previo = await obtenerUsuario(tx, usuarioId); // the change history's "before"

    const rol = cambios.rol ?? actual.rol;
    const activo = cambios.activo ?? actual.activo;
    const eraAdminActivo = actual.rol === 'admin' && actual.activo;
    if (eraAdminActivo && !(rol === 'admin' && activo) && (await adminsActivos(tx)) <= 1) {
      throw regla(
        actor.usuario_id === usuarioId
          ? 'Usted es el único administrador activo: no puede quitarse el rol ni desactivarse. Nombre antes a otro administrador.'
          : 'Es el único administrador activo: no se le puede quitar el rol ni desactivar.',
      );
    }

    const [row] = await tx
      .update(usuarios)
      .set({
        ...(cambios.nombre !== undefined ? { nombre: cambios.nombre } : {}),
        ...(cambios.rol !== undefined ? { rol: cambios.rol } : {}),
        ...(cambios.activo !== undefined ? { activo: cambios.activo } : {}),
        ...(password_hash !== undefined ? { password_hash } : {}),
        ...auditoriaCambio(actor),
      })
      .where(eq(usuarios.usuario_id, usuarioId))
      .returning(columnas);

    const soloPassword =
      password_hash !== undefined &&
      cambios.nombre === undefined &&
      cambios.rol === undefined &&
      cambios.activo === undefined;
    // password_hash stands for "the password changed"; diff.ts records that, never a value.
    await registrarCambio(tx, {
      entidad: 'usuario',
      id: usuarioId,
      accion: soloPassword ? 'cambiar_password' : 'actualizar',
      usuario: actor,
      antes: { ...previo, password_hash: 'antes' },
      despues: { ...aUsuario(row!), password_hash: password_hash === undefined ? 'antes' : 'despues' },
    });

    if (password_hash !== undefined || cambios.activo === false) {
      const propia = actor.usuario_id === usuarioId && actor.sesion_id;
      await tx
        .delete(sesiones)
        .where(
          propia
            ? and(eq(sesiones.usuario_id, usuarioId), ne(sesiones.sesion_id, actor.sesion_id!))
            : eq(sesiones.usuario_id, usuarioId),
        );
    }
    return aUsuario(row!);
  });
}

/** For `pnpm troncal users:password`: a new password by email, closing that user's sessions. */
export async function cambiarPasswordPorCorreo(db: Db, email: string, password: string): Promise<UsuarioListado> {
  const [u] = await db
    .select({ usuario_id: usuarios.usuario_id })
    .from(usuarios)
    .where(eq(sql`lower(${usuarios.email})`, email.toLowerCase()))
    .limit(1);
  if (!u) throw noEncontrado('un usuario con el correo', email);
  const password_hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(usuarios)
      .set({ password_hash, ...auditoriaCambio(null) })
      .where(eq(usuarios.usuario_id, u.usuario_id))
      .returning(columnas);
    await tx.delete(sesiones).where(eq(sesiones.usuario_id, u.usuario_id));
    await registrarCambio(tx, {
      entidad: 'usuario',
      id: u.usuario_id,
      accion: 'cambiar_password',
      usuario: actorCli(),
      cambios: [{ campo: 'password_hash', antes: 'antes', despues: 'despues' }],
    });
    return aUsuario(row!);
  });
}

export async function usuarioPorCorreo(db: DbOrTx, email: string): Promise<UsuarioListado | null> {
  const [row] = await db
    .select(columnas)
    .from(usuarios)
    .where(eq(sql`lower(${usuarios.email})`, email.trim().toLowerCase()))
    .limit(1);
  return row ? aUsuario(row) : null;
}
