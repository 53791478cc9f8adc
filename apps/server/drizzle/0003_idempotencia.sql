CREATE TABLE "solicitudes_idempotentes" (
	"sujeto" text NOT NULL,
	"clave" text NOT NULL,
	"ruta" text NOT NULL,
	"huella" text NOT NULL,
	"estado_http" integer,
	"respuesta" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "solicitudes_idempotentes_pk" PRIMARY KEY("sujeto","clave")
);
--> statement-breakpoint
CREATE INDEX "solicitudes_idempotentes_creada_idx" ON "solicitudes_idempotentes" USING btree ("created_at");