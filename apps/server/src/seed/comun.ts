import type { Rol } from '@troncal/domain/enums';
import { asc, eq, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords';
import { randomSecret } from '../auth/tokens';
import type { AuthUser } from '../auth/types';
import { type DbOrTx, execRows } from '../db/client';
import { usuarios } from '../db/schema';
import { DomainError } from '../errors';

/** The non-login user the seeders act as when the database has no administrator yet. */
export const USUARIO_SISTEMA = 'sistema@troncal.local';

/** The inventory tables; users, sessions and tokens do not count (an admin may exist before seeding). */
export const TABLAS_INVENTARIO = [
  'proveedores',
  'clientes',
  'nodos',
  'equipos',
  'servicios_proveedor',
  'conexiones',
  'conexion_equipos',
  'movimientos_capacidad',
  'movimientos_enlace',
  'muestras_uso',
] as const;

/** Row presence per inventory table (exists, not count: cheap on a big database). */
export async function tablasConDatos(db: DbOrTx): Promise<string[]> {
  const partes = TABLAS_INVENTARIO.map((t) => `exists(select 1 from ${t}) as "${t}"`).join(', ');
  const [row] = await execRows<Record<string, boolean | string>>(db, sql.raw(`select ${partes}`));
  const si = (v: unknown) => v === true || v === 't' || v === 'true';
  return TABLAS_INVENTARIO.filter((t) => si(row?.[t]));
}

export class BaseNoVaciaError extends DomainError {
  constructor(tablas: string[]) {
    super(
      'CONFLICTO',
      `La base de datos ya tiene datos de inventario (${tablas.join(', ')}): db:seed solo carga una base vacía. ` +
        'Use una base nueva (otro DATABASE_URL o TRONCAL_DATA_DIR) o vacíela primero.',
    );
  }
}

/** What a seed wrote, per kind of record, and how long it took. */
export interface ConteoSiembra {
  proveedores: number;
  servicios: number;
  clientes: number;
  nodos: number;
  equipos: number;
  conexiones: number;
  movimientos: number;
  segundos: number;
}

export interface Actor {
  user: AuthUser;
  /** What the CLI tells the person about who the data is recorded as. */
  aviso: string;
}

/**
 * Who the seed acts as: `--as EMAIL`, else the first active admin, else the non-login system user
 * (created on first use with an unusable random password hash and `activo = false`).
 */
export async function resolverActor(db: DbOrTx, email?: string): Promise<Actor> {
  const columnas = {
    usuario_id: usuarios.usuario_id,
    nombre: usuarios.nombre,
    email: usuarios.email,
    rol: usuarios.rol,
  };
  const comoActor = (u: { usuario_id: number; nombre: string; email: string; rol: string }): AuthUser => ({
    usuario_id: u.usuario_id,
    nombre: u.nombre,
    email: u.email,
    rol: u.rol as Rol,
    via: 'sesion',
    // The seed runs from the CLI: its writes are recorded in the change history as via cli.
    canal: 'cli',
  });

  if (email) {
    const [u] = await db
      .select({ ...columnas, activo: usuarios.activo })
      .from(usuarios)
      .where(sql`lower(${usuarios.email}) = ${email.trim().toLowerCase()}`)
      .limit(1);
    if (!u) throw new DomainError('NO_ENCONTRADO', `No existe un usuario con el correo ${email}.`);
    if (!u.activo) throw new DomainError('REGLA_NEGOCIO', `El usuario ${u.email} está desactivado.`);
    if (u.rol === 'lector') {
      throw new DomainError(
        'REGLA_NEGOCIO',
        `El usuario ${u.email} es lector: los datos los carga un operador o admin.`,
      );
    }
    return { user: comoActor(u), aviso: `Los datos se registran a nombre de ${u.email}.` };
  }

  const [admin] = await db
    .select(columnas)
    .from(usuarios)
    .where(sql`${usuarios.rol} = 'admin' and ${usuarios.activo}`)
    .orderBy(asc(usuarios.usuario_id))
    .limit(1);
  if (admin)
    return { user: comoActor(admin), aviso: `Los datos se registran a nombre del administrador ${admin.email}.` };

  const [existente] = await db.select(columnas).from(usuarios).where(eq(usuarios.email, USUARIO_SISTEMA)).limit(1);
  if (existente) {
    return {
      user: comoActor(existente),
      aviso: `No hay administradores: los datos se registran a nombre del usuario de sistema ${USUARIO_SISTEMA} (sin acceso).`,
    };
  }
  // Nobody knows this password: the hash is of a random secret that is thrown away.
  const password_hash = await hashPassword(randomSecret());
  const [creado] = await db
    .insert(usuarios)
    .values({
      email: USUARIO_SISTEMA,
      nombre: 'Sistema (carga de datos)',
      rol: 'operador',
      password_hash,
      activo: false,
    })
    .onConflictDoNothing()
    .returning(columnas);
  const u = creado ?? (await db.select(columnas).from(usuarios).where(eq(usuarios.email, USUARIO_SISTEMA)).limit(1))[0];
  if (!u) throw new DomainError('CONFLICTO', `No se pudo crear el usuario de sistema ${USUARIO_SISTEMA}.`);
  return {
    user: comoActor(u),
    aviso:
      `No hay administradores: se creó el usuario de sistema ${USUARIO_SISTEMA} (desactivado, sin contraseña utilizable) ` +
      'y los datos se registran a su nombre. Para entrar, abra la aplicación y cree el primer administrador ' +
      '(configuración inicial), o use "pnpm troncal users:create --email … --password … --role admin".',
  };
}
