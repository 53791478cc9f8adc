import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { intentosLogin } from '../db/schema';

/** Failed logins allowed per window before the key is refused until the window ends. */
export const LIMITE_LOGIN = { porCuenta: 10, porIp: 30, ventanaMinutos: 15 } as const;

const ventana = sql.raw(`interval '${LIMITE_LOGIN.ventanaMinutos} minutes'`);
const vencida = sql`${intentosLogin.ventana_inicio} <= now() - ${ventana}`;

export interface ClavesLogin {
  email: string;
  ip?: string | undefined;
}

const claveCuenta = (email: string) => `cuenta:${email.trim().toLowerCase()}`;
const claveIp = (ip: string) => `ip:${ip}`;

// Always account first, then address: every reservation locks its rows in the same order, so two
// concurrent ones queue instead of deadlocking.
function claves({ email, ip }: ClavesLogin): { clave: string; limite: number }[] {
  const cuenta = { clave: claveCuenta(email), limite: LIMITE_LOGIN.porCuenta };
  return ip ? [cuenta, { clave: claveIp(ip), limite: LIMITE_LOGIN.porIp }] : [cuenta];
}

class Agotado extends Error {}

/**
 * Takes one attempt from the account's and the address's budget before the password is checked, or
 * none when either is used up (false: refuse without checking). Reading the counter and then counting
 * the failure after argon2 let 200 parallel guesses all pass the read; here the guarded upsert is the
 * read: it increments only while the count is under the limit (or the window has ended, which restarts
 * it at 1), and the row lock it takes makes concurrent reservations of one key queue. Both keys in one
 * transaction, so an address that is out of budget does not spend the account's. Unknown emails are
 * counted too, so a lockout reveals nothing.
 */
export async function reservarIntento(db: DbOrTx, k: ClavesLogin): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      for (const { clave, limite } of claves(k)) {
        const filas = await tx
          .insert(intentosLogin)
          .values({ clave, fallos: 1 })
          .onConflictDoUpdate({
            target: intentosLogin.clave,
            set: {
              fallos: sql`case when ${vencida} then 1 else ${intentosLogin.fallos} + 1 end`,
              ventana_inicio: sql`case when ${vencida} then now() else ${intentosLogin.ventana_inicio} end`,
              ultimo_fallo: sql`now()`,
            },
            setWhere: sql`${vencida} or ${intentosLogin.fallos} < ${limite}`,
          })
          .returning({ fallos: intentosLogin.fallos });
        if (filas.length === 0) throw new Agotado();
      }
    });
    return true;
  } catch (e) {
    if (e instanceof Agotado) return false;
    throw e;
  }
}

/** A failed check stays counted; expired windows are worthless, so they go here rather than in a scheduler. */
export async function borrarVentanasVencidas(db: DbOrTx): Promise<void> {
  await db.delete(intentosLogin).where(vencida);
}

/**
 * A successful login clears its account's counter and gives the address its attempt back: signing in
 * is not a failure, and an office behind one NAT must not lock itself out.
 */
export async function devolverIntentoExitoso(db: DbOrTx, k: ClavesLogin): Promise<void> {
  await db.delete(intentosLogin).where(eq(intentosLogin.clave, claveCuenta(k.email)));
  if (k.ip) {
    await db
      .update(intentosLogin)
      .set({ fallos: sql`greatest(${intentosLogin.fallos} - 1, 0)` })
      .where(eq(intentosLogin.clave, claveIp(k.ip)));
  }
}
