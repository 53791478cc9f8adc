-- The trigger-kept list counters of 0002 go: every commit that added or removed a connection, a
-- provider service or an equipo queued on one global counter row to save a count(*) of a few
-- milliseconds at an ISP's scale. List totals count again. Triggers first (the tables they sit on
-- stay), then the two tables, then the functions nothing calls any more.
DROP TRIGGER IF EXISTS "contadores_conexiones_alta" ON "conexiones";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_conexiones_cambio" ON "conexiones";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_conexiones_baja" ON "conexiones";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_conexiones_vaciar" ON "conexiones";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_servicios_alta" ON "servicios_proveedor";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_servicios_baja" ON "servicios_proveedor";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_servicios_vaciar" ON "servicios_proveedor";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_equipos_alta" ON "equipos";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_equipos_baja" ON "equipos";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "contadores_equipos_vaciar" ON "equipos";
--> statement-breakpoint
DROP TABLE IF EXISTS "contadores_pendientes" CASCADE;
--> statement-breakpoint
DROP TABLE "contadores" CASCADE;
--> statement-breakpoint
DROP FUNCTION IF EXISTS contadores_rehacer();
--> statement-breakpoint
DROP FUNCTION IF EXISTS contadores_vaciar();
--> statement-breakpoint
DROP FUNCTION IF EXISTS contadores_aplicar();
--> statement-breakpoint
DROP FUNCTION IF EXISTS contadores_anotar_total();
--> statement-breakpoint
DROP FUNCTION IF EXISTS contadores_anotar_conexiones();
--> statement-breakpoint
DROP FUNCTION IF EXISTS contadores_anotar(text, text[], bigint[]);
--> statement-breakpoint
DROP FUNCTION IF EXISTS contadores_recalcular();
