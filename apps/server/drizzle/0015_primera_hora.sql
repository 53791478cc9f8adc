ALTER TABLE "vinculos_monitoreo" ADD COLUMN "primera_hora" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vinculos_monitoreo" ADD COLUMN "primera_kbps" integer[];