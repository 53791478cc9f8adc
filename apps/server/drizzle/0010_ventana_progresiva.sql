ALTER TABLE "monitoreo_ciclo" ADD COLUMN "relleno_iniciado_en" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitoreo_ciclo" ADD COLUMN "relleno_terminado_en" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitoreo_ciclo" ADD COLUMN "rellenados" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoreo_ciclo" ADD COLUMN "relleno_duracion_ms" integer;--> statement-breakpoint
ALTER TABLE "vinculos_monitoreo" ADD COLUMN "leido_desde" timestamp with time zone;--> statement-breakpoint
-- Bindings read before this column existed were read over their whole window at once: their
-- coverage starts at their oldest stored hour. One never answered stays null (read as new).
UPDATE "vinculos_monitoreo" v SET "leido_desde" = (
  SELECT min(h."hora") FROM "uso_horario" h
   WHERE h."objeto" = CASE v."objeto" WHEN 'conexion' THEN 1 ELSE 2 END AND h."objeto_id" = v."objeto_id"
) WHERE v."ultima_muestra_en" IS NOT NULL;
