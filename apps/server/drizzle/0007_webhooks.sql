CREATE TABLE "entregas_webhook" (
	"entrega_id" bigserial PRIMARY KEY NOT NULL,
	"webhook_id" integer NOT NULL,
	"evento_id" uuid NOT NULL,
	"evento" text NOT NULL,
	"objeto" text NOT NULL,
	"objeto_id" text NOT NULL,
	"secuencia" bigint NOT NULL,
	"estado" text DEFAULT 'PENDIENTE' NOT NULL,
	"intentos" integer DEFAULT 0 NOT NULL,
	"proximo_intento" timestamp with time zone DEFAULT now() NOT NULL,
	"ultimo_codigo" integer,
	"ultimo_error" text,
	"duracion_ms" integer,
	"entregada_en" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entregas_webhook_estado_ck" CHECK ("entregas_webhook"."estado" in ('PENDIENTE', 'ENVIANDO', 'ENTREGADA', 'FALLIDA'))
);
--> statement-breakpoint
CREATE TABLE "eventos_webhook" (
	"evento_id" uuid PRIMARY KEY NOT NULL,
	"secuencia" bigserial NOT NULL,
	"evento" text NOT NULL,
	"objeto" text NOT NULL,
	"objeto_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intentos_entrega" (
	"intento_id" bigserial PRIMARY KEY NOT NULL,
	"entrega_id" bigint NOT NULL,
	"numero" integer NOT NULL,
	"codigo" integer,
	"error" text,
	"duracion_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"webhook_id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"descripcion" text,
	"eventos" text[] NOT NULL,
	"activo" boolean DEFAULT true NOT NULL,
	"secreto" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "webhooks_eventos_ck" CHECK ("webhooks"."eventos" <@ array['conexion.creada', 'conexion.actualizada', 'conexion.bw_ajustado', 'conexion.estado', 'servicio.creado', 'servicio.capacidad_ajustada', 'servicio.sobrevendido', 'uso.alto', 'uso.critico']::text[]),
	CONSTRAINT "webhooks_url_ck" CHECK ("webhooks"."url" ~ '^https?://')
);
--> statement-breakpoint
ALTER TABLE "entregas_webhook" ADD CONSTRAINT "entregas_webhook_webhook_id_webhooks_webhook_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("webhook_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entregas_webhook" ADD CONSTRAINT "entregas_webhook_evento_id_eventos_webhook_evento_id_fk" FOREIGN KEY ("evento_id") REFERENCES "public"."eventos_webhook"("evento_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intentos_entrega" ADD CONSTRAINT "intentos_entrega_entrega_id_entregas_webhook_entrega_id_fk" FOREIGN KEY ("entrega_id") REFERENCES "public"."entregas_webhook"("entrega_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entregas_webhook_vencidas_idx" ON "entregas_webhook" USING btree ("proximo_intento") WHERE "entregas_webhook"."estado" in ('PENDIENTE', 'ENVIANDO');--> statement-breakpoint
CREATE INDEX "entregas_webhook_orden_idx" ON "entregas_webhook" USING btree ("webhook_id","objeto","objeto_id","secuencia") WHERE "entregas_webhook"."estado" in ('PENDIENTE', 'ENVIANDO');--> statement-breakpoint
CREATE INDEX "entregas_webhook_lista_idx" ON "entregas_webhook" USING btree ("webhook_id","entrega_id");--> statement-breakpoint
CREATE INDEX "entregas_webhook_evento_idx" ON "entregas_webhook" USING btree ("evento_id");--> statement-breakpoint
CREATE INDEX "eventos_webhook_creado_idx" ON "eventos_webhook" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "intentos_entrega_entrega_idx" ON "intentos_entrega" USING btree ("entrega_id","intento_id");