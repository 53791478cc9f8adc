CREATE TABLE "cambios" (
	"cambio_id" bigserial PRIMARY KEY NOT NULL,
	"entidad" text NOT NULL,
	"entidad_id" integer NOT NULL,
	"accion" text NOT NULL,
	"usuario_id" integer,
	"token_id" integer,
	"via" text NOT NULL,
	"solicitud_id" text,
	"ocurrido_en" timestamp with time zone DEFAULT now() NOT NULL,
	"cambios" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "cambios_entidad_ck" CHECK ("cambios"."entidad" in ('conexion', 'servicio', 'proveedor', 'cliente', 'nodo', 'equipo', 'usuario', 'token', 'webhook')),
	CONSTRAINT "cambios_accion_ck" CHECK ("cambios"."accion" in ('crear', 'actualizar', 'cambiar_estado', 'ajustar_bw', 'mover_capacidad', 'cambiar_password', 'revocar', 'eliminar', 'monitoreo')),
	CONSTRAINT "cambios_via_ck" CHECK ("cambios"."via" in ('spa', 'trpc', 'v1', 'cli', 'sistema'))
);
--> statement-breakpoint
CREATE INDEX "cambios_entidad_idx" ON "cambios" USING btree ("entidad","entidad_id","cambio_id");--> statement-breakpoint
CREATE INDEX "cambios_usuario_idx" ON "cambios" USING btree ("usuario_id","cambio_id");--> statement-breakpoint
CREATE INDEX "cambios_accion_idx" ON "cambios" USING btree ("accion","cambio_id");--> statement-breakpoint
CREATE INDEX "cambios_ocurrido_idx" ON "cambios" USING btree ("ocurrido_en");--> statement-breakpoint
-- Append-only: every UPDATE or DELETE on the history is refused, whatever the role. Statement-level,
-- so even a statement that would touch no row is refused. TRUNCATE fires neither and stays possible
-- (the test harness empties every table between tests).
CREATE FUNCTION cambios_solo_agregar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'El historial de cambios es de solo agregar: no se permite % en cambios.', TG_OP
    USING ERRCODE = 'P0001', HINT = 'Registre un cambio nuevo en lugar de modificar uno existente.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "cambios_solo_agregar" BEFORE UPDATE OR DELETE ON "cambios"
  FOR EACH STATEMENT EXECUTE FUNCTION cambios_solo_agregar();
