import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { intentosLogin } from '../db/schema';

/** Failed logins allowed per window before the key is refused until the window ends. */
export const LIMITE_LOGIN = { porCuenta: 10, porIp: 30, ventanaMinutos: 15 } as const;

const ventana = sql.raw(`interval '${LIMITE_LOGIN.ventanaMinutos} minutes'`);

export interface ClavesLogin {
  email: string;
  ip?: string | undefined;
}

const claveCuenta = (email: string) => `cuenta:${email.trim().toLowerCase()}`;
const claveIp = (ip: string) => `ip:${ip}`;

function claves({ email, ip }: ClavesLogin): string[] {
  return ip ? [claveCuenta(email), claveIp(ip)] : [claveCuenta(email)];
}

/** True when the account or the address used up its failures in the current window. */
export async function loginBloqueado(db: DbOrTx, k: ClavesLogin): Promise<boolean> {
  const rows = await db
    .select({ clave: intentosLogin.clave, fallos: intentosLogin.fallos })
    .from(intentosLogin)
    .where(and(inArray(intentosLogin.clave, claves(k)), sql`${intentosLogin.ventana_inicio} > now() - ${ventana}`));
  return rows.some((r) =>
    r.clave.startsWith('cuenta:') ? r.fallos >= LIMITE_LOGIN.porCuenta : r.fallos >= LIMITE_LOGIN.porIp,
  );
}

/**
 * One atomic upsert per key: concurrent failures on several instances all count, and a window that has
 * ended starts again at 1. Counting happens for unknown emails too, so a lockout reveals nothing.
 */
export async function registrarFallo(db: DbOrTx, k: ClavesLogin): Promise<void> {
  for (const clave of claves(k)) {
    await db
      .insert(intentosLogin)
      .values({ clave, fallos: 1 })
      .onConflictDoUpdate({
        target: intentosLogin.clave,
        set: {
          fallos: sql`case when ${intentosLogin.ventana_inicio} <= now() - ${ventana} then 1 else ${intentosLogin.fallos} + 1 end`,
          ventana_inicio: sql`case when ${intentosLogin.ventana_inicio} <= now() - ${ventana} then now() else ${intentosLogin.ventana_inicio} end`,
          ultimo_fallo: sql`now()`,
        },
      });
  }
  // Expired windows are worthless: drop them here rather than in a scheduler.
  await db.delete(intentosLogin).where(sql`${intentosLogin.ventana_inicio} <= now() - ${ventana}`);
}

/** A successful login clears its account's counter (the address keeps its own). */
export async function limpiarFallosCuenta(db: DbOrTx, email: string): Promise<void> {
  await db.delete(intentosLogin).where(eq(intentosLogin.clave, claveCuenta(email)));
}
