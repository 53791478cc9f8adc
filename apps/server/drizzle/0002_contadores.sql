CREATE TABLE "contadores" (
	"tabla" text NOT NULL,
	"clave" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "contadores_tabla_clave_pk" PRIMARY KEY("tabla","clave")
);
--> statement-breakpoint
-- Exact counts for the list totals (see src/db/schema/contadores.ts). Rows: ('conexiones', '*'),
-- ('conexiones', <enlace_estado>) for each state, ('servicios_proveedor', '*'), ('equipos', '*') and
-- ('*', '*'), a row that is only ever locked.
--
-- How a write reaches a counter:
--  1. An AFTER ... FOR EACH STATEMENT trigger with transition tables sums what the statement did per
--     counter (one row or a 100,000-row COPY alike) and appends those deltas to
--     contadores_pendientes. That is a plain INSERT: it locks no shared row.
--  2. A DEFERRABLE INITIALLY DEFERRED constraint trigger on contadores_pendientes runs at COMMIT,
--     adds the transaction's pending deltas to contadores and deletes them.
-- Lock order: the counter rows are locked at COMMIT, after every other lock of the transaction
-- (connection, equipos, services, ledger), so nobody waits for a counter while holding a lock that
-- someone queued behind that counter needs. Every counter write (step 2, TRUNCATE, recalculation)
-- first locks ('*', '*'): whoever waits for a counter row holds none yet, so two transactions can
-- never hold counter rows in opposite orders. (SET CONSTRAINTS ALL IMMEDIATE would move step 2 to the
-- end of each statement, before later locks: the application never does that.)
-- A pending row lives and dies inside one transaction (never past a commit or a crash: unlogged),
-- found again through its transaction id, so the table's dead rows are never scanned.
CREATE UNLOGGED TABLE "contadores_pendientes" (
	"xact" xid8 DEFAULT pg_current_xact_id() NOT NULL,
	"tabla" text NOT NULL,
	"clave" text NOT NULL,
	"delta" bigint NOT NULL,
	"aplica" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "contadores_pendientes_xact_idx" ON "contadores_pendientes" USING btree ("xact");
--> statement-breakpoint
-- Sets every counter to count(*) as this transaction sees it, pending deltas included (so they are
-- dropped). Lock first, count after: a writer committing meanwhile waits for the lock, so it is
-- either counted here (it committed first) or adds its delta after this commits, never both. (That
-- needs READ COMMITTED, the default, where each statement sees what committed before it.) Also the
-- repair for a counter written by hand: `SELECT contadores_recalcular();`.
CREATE FUNCTION contadores_recalcular() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM contadores WHERE tabla = '*' AND clave = '*' FOR NO KEY UPDATE;
  DELETE FROM contadores_pendientes WHERE xact = pg_current_xact_id();
  INSERT INTO contadores AS c (tabla, clave, n)
  SELECT '*', '*', 0
  UNION ALL
  SELECT 'conexiones', '*', count(*) FROM conexiones
  UNION ALL
  SELECT 'conexiones', e.estado, (SELECT count(*) FROM conexiones k WHERE k.enlace_estado = e.estado)
    FROM unnest(ARRAY['PENDIENTE', 'ACTIVO', 'SUSPENDIDO', 'BAJA', 'INACTIVO', 'DOWN']) AS e(estado)
  UNION ALL
  SELECT 'servicios_proveedor', '*', count(*) FROM servicios_proveedor
  UNION ALL
  SELECT 'equipos', '*', count(*) FROM equipos
  ON CONFLICT (tabla, clave) DO UPDATE SET n = excluded.n WHERE c.n IS DISTINCT FROM excluded.n;
END
$$;
--> statement-breakpoint
-- Appends one statement's deltas. Only the transaction's first pending row is marked `aplica`: the
-- deferred trigger (step 2) is queued for that row alone, so it runs once per transaction.
CREATE FUNCTION contadores_anotar(p_tabla text, p_claves text[], p_deltas bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(p_claves), 0) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO contadores_pendientes (tabla, clave, delta, aplica)
  SELECT p_tabla, x.clave, x.delta,
         x.orden = 1 AND NOT EXISTS (SELECT 1 FROM contadores_pendientes WHERE xact = pg_current_xact_id())
    FROM unnest(p_claves, p_deltas) WITH ORDINALITY AS x(clave, delta, orden);
END
$$;
--> statement-breakpoint
-- Step 1 for conexiones: the total and one counter per enlace_estado.
CREATE FUNCTION contadores_anotar_conexiones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM contadores_anotar('conexiones', array_agg(clave), array_agg(delta))
       FROM (SELECT coalesce(enlace_estado, '*') AS clave, count(*) AS delta
               FROM nuevas GROUP BY ROLLUP (enlace_estado) HAVING count(*) > 0) d;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM contadores_anotar('conexiones', array_agg(clave), array_agg(delta))
       FROM (SELECT coalesce(enlace_estado, '*') AS clave, -count(*) AS delta
               FROM viejas GROUP BY ROLLUP (enlace_estado) HAVING count(*) > 0) d;
  ELSE
    -- An UPDATE moves rows between states; the total does not change.
    PERFORM contadores_anotar('conexiones', array_agg(clave), array_agg(delta))
       FROM (SELECT clave, sum(d) AS delta
               FROM (SELECT enlace_estado AS clave, 1 AS d FROM nuevas
                     UNION ALL SELECT enlace_estado, -1 FROM viejas) x
              GROUP BY clave HAVING sum(d) <> 0) d;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Step 1 for a table counted as a whole (servicios_proveedor, equipos).
CREATE FUNCTION contadores_anotar_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM contadores_anotar(TG_TABLE_NAME, ARRAY['*'], ARRAY[count(*)]) FROM nuevas HAVING count(*) > 0;
  ELSE
    PERFORM contadores_anotar(TG_TABLE_NAME, ARRAY['*'], ARRAY[-count(*)]) FROM viejas HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Step 2, once per transaction (see contadores_anotar): adds up and deletes the transaction's
-- pending rows.
CREATE FUNCTION contadores_aplicar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM contadores WHERE tabla = '*' AND clave = '*' FOR NO KEY UPDATE;
  WITH d AS (DELETE FROM contadores_pendientes WHERE xact = pg_current_xact_id() RETURNING tabla, clave, delta),
       s AS (SELECT tabla, clave, sum(delta) AS delta FROM d GROUP BY tabla, clave)
  UPDATE contadores c SET n = c.n + s.delta
    FROM s
   WHERE c.tabla = s.tabla AND c.clave = s.clave AND s.delta <> 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- TRUNCATE fires no row or statement INSERT/DELETE trigger: the truncated table's counters go back to
-- 0, and the deltas this transaction noted for it before are void.
CREATE FUNCTION contadores_vaciar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM contadores WHERE tabla = '*' AND clave = '*' FOR NO KEY UPDATE;
  DELETE FROM contadores_pendientes WHERE xact = pg_current_xact_id() AND tabla = TG_TABLE_NAME;
  UPDATE contadores SET n = 0 WHERE tabla = TG_TABLE_NAME AND n <> 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Truncating contadores itself (a "truncate every table" reset) rebuilds it from count(*).
CREATE FUNCTION contadores_rehacer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM contadores_recalcular();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "contadores_conexiones_alta" AFTER INSERT ON "conexiones"
  REFERENCING NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION contadores_anotar_conexiones();
--> statement-breakpoint
CREATE TRIGGER "contadores_conexiones_cambio" AFTER UPDATE ON "conexiones"
  REFERENCING OLD TABLE AS viejas NEW TABLE AS nuevas FOR EACH STATEMENT
  EXECUTE FUNCTION contadores_anotar_conexiones();
--> statement-breakpoint
CREATE TRIGGER "contadores_conexiones_baja" AFTER DELETE ON "conexiones"
  REFERENCING OLD TABLE AS viejas FOR EACH STATEMENT EXECUTE FUNCTION contadores_anotar_conexiones();
--> statement-breakpoint
CREATE TRIGGER "contadores_conexiones_vaciar" AFTER TRUNCATE ON "conexiones"
  FOR EACH STATEMENT EXECUTE FUNCTION contadores_vaciar();
--> statement-breakpoint
CREATE TRIGGER "contadores_servicios_alta" AFTER INSERT ON "servicios_proveedor"
  REFERENCING NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION contadores_anotar_total();
--> statement-breakpoint
CREATE TRIGGER "contadores_servicios_baja" AFTER DELETE ON "servicios_proveedor"
  REFERENCING OLD TABLE AS viejas FOR EACH STATEMENT EXECUTE FUNCTION contadores_anotar_total();
--> statement-breakpoint
CREATE TRIGGER "contadores_servicios_vaciar" AFTER TRUNCATE ON "servicios_proveedor"
  FOR EACH STATEMENT EXECUTE FUNCTION contadores_vaciar();
--> statement-breakpoint
CREATE TRIGGER "contadores_equipos_alta" AFTER INSERT ON "equipos"
  REFERENCING NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION contadores_anotar_total();
--> statement-breakpoint
CREATE TRIGGER "contadores_equipos_baja" AFTER DELETE ON "equipos"
  REFERENCING OLD TABLE AS viejas FOR EACH STATEMENT EXECUTE FUNCTION contadores_anotar_total();
--> statement-breakpoint
CREATE TRIGGER "contadores_equipos_vaciar" AFTER TRUNCATE ON "equipos"
  FOR EACH STATEMENT EXECUTE FUNCTION contadores_vaciar();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "contadores_aplicar" AFTER INSERT ON "contadores_pendientes"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.aplica) EXECUTE FUNCTION contadores_aplicar();
--> statement-breakpoint
CREATE TRIGGER "contadores_rehacer" AFTER TRUNCATE ON "contadores"
  FOR EACH STATEMENT EXECUTE FUNCTION contadores_rehacer();
--> statement-breakpoint
-- Last: creating the triggers locked the counted tables until this migration commits, so no write
-- can slip between this count and the first trigger.
SELECT contadores_recalcular();
