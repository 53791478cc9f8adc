import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import { type DbOrTx, execRows } from '../db/client';
import { DomainError } from '../errors';

/**
 * `Idempotency-Key`: the first answer to a key is kept for 24 h and a repeat of the same request
 * gets it again without running anything (a double click, a client retrying after a timeout).
 * Both transports use these three steps: reserve the key before the operation, then keep its
 * answer (success) or free the key (any refusal, so the corrected request can use it again).
 */

export const VIGENCIA_HORAS = 24;
/** A reservation older than this whose request never answered (a crashed process) is abandoned. */
const ABANDONO_SEGUNDOS = 120;
/** How long a repeat waits for the first request still running before answering 409. */
const ESPERA_MS = 10_000;
const CLAVE_VALIDA = /^[\x21-\x7e]{1,200}$/;

export interface SolicitudIdempotente {
  /** Whose key (`sujetoDe`). */
  sujeto: string;
  clave: string;
  /** The operation: `POST /v1/conexiones`, `trpc:conexiones.create`… */
  ruta: string;
  /** Anything JSON: its sha-256 tells a repeat from another request under the same key. */
  cuerpo: unknown;
}

export type Reserva = { tipo: 'nueva'; huella: string } | { tipo: 'repetida'; estado_http: number; respuesta: unknown };

/** Keys are per user; a CLI token without an owner has keys of its own. */
export const sujetoDe = (u: AuthUser) => (u.usuario_id !== null ? `u${u.usuario_id}` : `t${u.token_id ?? 0}`);

export const huellaDe = (cuerpo: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(cuerpo ?? null))
    .digest('hex');

/** A key must be 1–200 visible ASCII characters (a UUID, a ULID, a client's own id). */
export function exigirClaveValida(clave: string): void {
  if (!CLAVE_VALIDA.test(clave)) {
    const message = 'La cabecera Idempotency-Key debe tener entre 1 y 200 caracteres ASCII visibles.';
    throw new DomainError('VALIDACION', message, [{ path: 'Idempotency-Key', message }]);
  }
}

export async function reservarClave(db: DbOrTx, s: SolicitudIdempotente): Promise<Reserva> {
  exigirClaveValida(s.clave);
  const huella = huellaDe(s.cuerpo);
  const limite = Date.now() + ESPERA_MS;
  for (;;) {
    // Claims a new key, or one whose first use expired or was abandoned, in one statement: two
    // requests racing with one key cannot both claim it.
    const [nueva] = await execRows(
      db,
      sql`insert into solicitudes_idempotentes (sujeto, clave, ruta, huella)
          values (${s.sujeto}, ${s.clave}, ${s.ruta}, ${huella})
          on conflict (sujeto, clave) do update
             set ruta = excluded.ruta, huella = excluded.huella, estado_http = null, respuesta = null,
                 created_at = now()
           where solicitudes_idempotentes.created_at < now() - make_interval(hours => ${VIGENCIA_HORAS})
              or (solicitudes_idempotentes.estado_http is null
                  and solicitudes_idempotentes.created_at < now() - make_interval(secs => ${ABANDONO_SEGUNDOS}))
          returning 1 as ok`,
    );
    if (nueva) return { tipo: 'nueva', huella };

    const [previa] = await execRows<{ ruta: string; huella: string; estado_http: number | null; respuesta: unknown }>(
      db,
      sql`select ruta, huella, estado_http, respuesta from solicitudes_idempotentes
           where sujeto = ${s.sujeto} and clave = ${s.clave}`,
    );
    if (!previa) continue; // freed in between: claim it again
    if (previa.ruta !== s.ruta || previa.huella !== huella) {
      throw new DomainError(
        'REGLA_NEGOCIO',
        `La Idempotency-Key "${s.clave}" ya se usó en las últimas ${VIGENCIA_HORAS} h con otra solicitud` +
          `${previa.ruta === s.ruta ? '' : ` (${previa.ruta})`}: use una clave nueva para cada operación distinta.`,
      );
    }
    if (previa.estado_http !== null) {
      const respuesta = typeof previa.respuesta === 'string' ? JSON.parse(previa.respuesta) : previa.respuesta;
      return { tipo: 'repetida', estado_http: Number(previa.estado_http), respuesta };
    }
    if (Date.now() > limite) {
      throw new DomainError(
        'CONFLICTO',
        'Una solicitud con la misma Idempotency-Key sigue en curso; consulte el resultado o vuelva a intentarlo en unos segundos.',
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function guardarRespuesta(
  db: DbOrTx,
  s: Pick<SolicitudIdempotente, 'sujeto' | 'clave'>,
  estado_http: number,
  respuesta: unknown,
): Promise<void> {
  await db.execute(
    sql`update solicitudes_idempotentes
           set estado_http = ${estado_http}, respuesta = ${JSON.stringify(respuesta ?? null)}::jsonb
         where sujeto = ${s.sujeto} and clave = ${s.clave} and estado_http is null`,
  );
  // Expired keys are removed as new answers are kept: no scheduler, bounded by a day's traffic.
  if (Math.random() < 0.01) {
    await db.execute(
      sql`delete from solicitudes_idempotentes where created_at < now() - make_interval(hours => ${VIGENCIA_HORAS})`,
    );
  }
}

export async function liberarClave(db: DbOrTx, s: Pick<SolicitudIdempotente, 'sujeto' | 'clave'>): Promise<void> {
  await db.execute(
    sql`delete from solicitudes_idempotentes
         where sujeto = ${s.sujeto} and clave = ${s.clave} and estado_http is null`,
  );
}

/** The whole sequence around one operation, for callers that hold the operation as a function (tRPC). */
export async function conIdempotencia<T>(
  db: DbOrTx,
  s: Omit<SolicitudIdempotente, 'clave'> & { clave: string | undefined },
  operacion: () => Promise<T>,
): Promise<T> {
  if (s.clave === undefined) return operacion();
  const sol = { ...s, clave: s.clave };
  const reserva = await reservarClave(db, sol);
  if (reserva.tipo === 'repetida') return reserva.respuesta as T;
  let resultado: T;
  try {
    resultado = await operacion();
  } catch (e) {
    await liberarClave(db, sol).catch(() => {});
    throw e;
  }
  await guardarRespuesta(db, sol, 200, resultado);
  return resultado;
}
