ALTER TABLE "vinculos_monitoreo" ADD COLUMN "hora_actual" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vinculos_monitoreo" ADD COLUMN "actual_entrada_kbps" integer[];--> statement-breakpoint
ALTER TABLE "vinculos_monitoreo" ADD COLUMN "actual_salida_kbps" integer[];