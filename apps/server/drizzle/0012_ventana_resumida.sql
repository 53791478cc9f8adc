ALTER TABLE "vinculos_monitoreo" ADD COLUMN "ventana_a" bigint[];--> statement-breakpoint
ALTER TABLE "vinculos_monitoreo" ADD COLUMN "ventana_b" bigint[];