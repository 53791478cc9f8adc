import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { type Db, type DbOrTx, execRows } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import type { ConfigRepartidor } from './config';
import type { PoliticaDestinos } from './destino';
import { enviar } from './enviar';
import { ErrorSecreto, firmar, leerSecreto } from './secreto';

export interface Registro {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface DepsRepartidor {
  db: Db;
  config: ConfigRepartidor;
  politica: PoliticaDestinos;
  clave: Buffer | undefined;
  log?: Registro | undefined;
}

interface Reclamada {
  entrega_id: number;
  intentos: number;
  evento_id: string;
  evento: string;
  url: string;
  secreto: string;
  payload: unknown;
}

/** Which process made an attempt, in its log row. */
const PROCESO = `${hostname()}:${process.pid}`;

/** Margin beyond the attempt's own deadline before a claimed delivery is due again (a dead process). */
const MARGEN_LEASE_MS = 5000;

/**
 * Claims up to `cuantas` due deliveries. A delivery is due when PENDIENTE and its time has come,
 * or ENVIANDO and its lease has run out (the process that claimed it died). It is eligible only
 * when no earlier event of the same record to the same endpoint is still pending (per-record
 * order) and its endpoint has fewer than `concurrenciaDestino` attempts under way. The claim
 * locks with FOR UPDATE SKIP LOCKED and sets a lease in one short transaction: two processes never
 * claim the same attempt, and none holds a transaction open while it talks to a receiver.
 */
export async function reclamar(db: Db, config: ConfigRepartidor, cuantas: number): Promise<Reclamada[]> {
  if (cuantas <= 0) return [];
  const lease = config.timeoutMs + MARGEN_LEASE_MS;
  return enTransaccion(db, async (tx) => {
    const filas = await execRows<Reclamada>(
      tx,
      sql`with candidatas as (
            select d.entrega_id, d.webhook_id,
                   row_number() over (partition by d.webhook_id order by d.proximo_intento, d.entrega_id) as n
              from entregas_webhook d
              join webhooks w on w.webhook_id = d.webhook_id and w.activo
             where d.estado in ('PENDIENTE', 'ENVIANDO') and d.proximo_intento <= now()
               and not exists (
                     select 1 from entregas_webhook p
                      where p.webhook_id = d.webhook_id and p.objeto = d.objeto and p.objeto_id = d.objeto_id
                        and p.estado in ('PENDIENTE', 'ENVIANDO') and p.secuencia < d.secuencia)
             order by d.proximo_intento, d.entrega_id
             limit ${cuantas * 20}
          ), permitidas as (
            select c.entrega_id from candidatas c
             where c.n <= ${config.concurrenciaDestino} - (
                     select count(*) from entregas_webhook e
                      where e.webhook_id = c.webhook_id and e.estado = 'ENVIANDO' and e.proximo_intento > now())
          ), bloqueadas as (
            select d.entrega_id from entregas_webhook d
             where d.entrega_id in (select entrega_id from permitidas)
               and d.estado in ('PENDIENTE', 'ENVIANDO') and d.proximo_intento <= now()
             order by d.proximo_intento, d.entrega_id
             limit ${cuantas}
               for update of d skip locked
          ), tomadas as (
            update entregas_webhook d
               set estado = 'ENVIANDO', intentos = d.intentos + 1,
                   proximo_intento = now() + ${lease} * interval '1 millisecond', updated_at = now()
              from bloqueadas b
             where d.entrega_id = b.entrega_id
         returning d.entrega_id, d.intentos, d.evento_id, d.evento, d.webhook_id
          )
          select t.entrega_id, t.intentos, t.evento_id, t.evento, w.url, w.secreto, e.payload
            from tomadas t
            join webhooks w on w.webhook_id = t.webhook_id
            join eventos_webhook e on e.evento_id = t.evento_id`,
    );
    return filas.map((f) => ({ ...f, entrega_id: Number(f.entrega_id), intentos: Number(f.intentos) }));
  });
}

/** Exponential with full jitter between half and all of base·2^(n−1), capped. */
export function espera(config: ConfigRepartidor, intento: number): number {
  const tope = Math.min(config.reintentoMaxMs, config.reintentoBaseMs * 2 ** Math.min(intento - 1, 30));
  return Math.round(tope / 2 + Math.random() * (tope / 2));
}

/**
 * Records an attempt and its outcome. Only while this attempt still holds the delivery (same
 * attempt number, still ENVIANDO). A failure is retried until the retry window, counted from the
 * event, has passed: the last retry is scheduled at the window's end, then the delivery is FALLIDA.
 */
export async function registrarIntento(
  db: DbOrTx,
  config: ConfigRepartidor,
  r: Reclamada,
  res: { ok: boolean; codigo: number | null; error: string | null; duracion_ms: number },
): Promise<void> {
  const ventana = config.ventanaMs;
  const pausa = espera(config, r.intentos);
  await db.execute(
    sql`with upd as (
          update entregas_webhook d
             set estado = case when ${res.ok} then 'ENTREGADA'
                               when now() >= d.created_at + ${ventana} * interval '1 millisecond' then 'FALLIDA'
                               else 'PENDIENTE' end,
                 proximo_intento = case when ${res.ok} then now()
                               else least(now() + ${pausa} * interval '1 millisecond',
                                          d.created_at + ${ventana} * interval '1 millisecond') end,
                 ultimo_codigo = ${res.codigo}, ultimo_error = ${res.error}, duracion_ms = ${res.duracion_ms},
                 entregada_en = case when ${res.ok} then now() else d.entregada_en end,
                 updated_at = now()
           where d.entrega_id = ${r.entrega_id} and d.estado = 'ENVIANDO' and d.intentos = ${r.intentos}
       returning d.entrega_id
        )
        insert into intentos_entrega (entrega_id, numero, codigo, error, duracion_ms, proceso)
        select entrega_id, ${r.intentos}, ${res.codigo}, ${res.error}, ${res.duracion_ms}, ${PROCESO} from upd`,
  );
}

/** One attempt: sign the stored payload with a fresh timestamp, POST it, record what happened. */
export async function entregar(deps: DepsRepartidor, r: Reclamada): Promise<void> {
  const cuerpo = JSON.stringify(r.payload);
  let secreto: string;
  try {
    secreto = leerSecreto(r.secreto, deps.clave);
  } catch (e) {
    if (!(e instanceof ErrorSecreto)) throw e;
    await registrarIntento(deps.db, deps.config, r, { ok: false, codigo: null, error: e.message, duracion_ms: 0 });
    return;
  }
  const res = await enviar({
    url: r.url,
    cuerpo,
    timeoutMs: deps.config.timeoutMs,
    politica: deps.politica,
    cabeceras: {
      'content-type': 'application/json',
      'user-agent': 'Troncal-Webhooks/1',
      'troncal-event': r.evento,
      'troncal-delivery': r.evento_id,
      'troncal-signature': firmar(secreto, cuerpo),
    },
  });
  await registrarIntento(deps.db, deps.config, r, res);
}

/** Events whose deliveries are all final, older than the retention, go (their deliveries and attempts with them). */
export async function podarEventos(db: DbOrTx, retencionMs: number): Promise<number> {
  const filas = await execRows(
    db,
    sql`delete from eventos_webhook e
         where e.created_at < now() - ${retencionMs} * interval '1 millisecond'
           and not exists (select 1 from entregas_webhook d
                            where d.evento_id = e.evento_id and d.estado in ('PENDIENTE', 'ENVIANDO'))
     returning e.evento_id`,
  );
  return filas.length;
}

const PODA_CADA_MS = 3_600_000;

export interface Repartidor {
  /** Runs one claim round now (tests); resolves when the claimed attempts are recorded. */
  ronda(): Promise<number>;
  /** Stops claiming and waits for the attempts under way (at most their deadline). */
  detener(): Promise<void>;
}

/**
 * The in-server delivery worker: every `intervaloMs` it claims as many due deliveries as it has
 * free slots (`concurrencia`) and sends them without waiting for each other, so a slow receiver
 * holds at most `concurrenciaDestino` slots and never the loop, the server or other endpoints.
 * Every process on the database runs one; the claim makes them share the work.
 */
export function iniciarRepartidor(deps: DepsRepartidor): Repartidor {
  const { config } = deps;
  const enVuelo = new Set<Promise<void>>();
  let detenido = false;
  let temporizador: NodeJS.Timeout | undefined;
  let ultimaPoda = 0;
  let ocupado = false;
  let ultimoAviso = 0;

  const lanzar = (r: Reclamada) => {
    const p: Promise<void> = entregar(deps, r)
      .catch((err) => deps.log?.warn({ err, entrega_id: r.entrega_id }, 'webhooks: no se pudo registrar un intento'))
      .finally(() => enVuelo.delete(p));
    enVuelo.add(p);
    return p;
  };

  async function ronda(): Promise<number> {
    if (detenido) return 0;
    const reclamadas = await reclamar(deps.db, config, config.concurrencia - enVuelo.size);
    for (const r of reclamadas) lanzar(r);
    if (Date.now() - ultimaPoda > PODA_CADA_MS) {
      ultimaPoda = Date.now();
      await podarEventos(deps.db, config.retencionMs);
    }
    return reclamadas.length;
  }

  const programar = () => {
    if (detenido) return;
    temporizador = setTimeout(tic, config.intervaloMs);
    temporizador.unref();
  };
  async function tic() {
    if (!ocupado) {
      ocupado = true;
      try {
        // Keep claiming while a round fills every free slot: a backlog drains without waiting a tick.
        while (!detenido && (await ronda()) > 0 && enVuelo.size < config.concurrencia) {}
        ultimoAviso = 0;
      } catch (err) {
        // The database away: said once a minute, not every tick.
        if (Date.now() - ultimoAviso > 60_000) {
          ultimoAviso = Date.now();
          deps.log?.warn({ err }, 'webhooks: la ronda de entregas falló; se reintentará');
        }
      } finally {
        ocupado = false;
      }
    }
    programar();
  }
  programar();

  return {
    async ronda() {
      const n = await ronda();
      await Promise.all([...enVuelo]);
      return n;
    },
    async detener() {
      detenido = true;
      clearTimeout(temporizador);
      await Promise.race([
        Promise.all([...enVuelo]),
        new Promise((r) => setTimeout(r, Math.min(config.timeoutMs + 1000, 8000)).unref()),
      ]);
    },
  };
}
