CREATE TABLE "monitoreo_ciclo" (
	"ciclo_id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"iniciado_en" timestamp with time zone NOT NULL,
	"terminado_en" timestamp with time zone,
	"origen" text NOT NULL,
	"consultados" integer DEFAULT 0 NOT NULL,
	"actualizados" integer DEFAULT 0 NOT NULL,
	"errores" integer DEFAULT 0 NOT NULL,
	"duracion_ms" integer,
	CONSTRAINT "monitoreo_ciclo_unico_ck" CHECK ("monitoreo_ciclo"."ciclo_id" = 1)
);
--> statement-breakpoint
CREATE TABLE "uso_diario" (
	"objeto" smallint NOT NULL,
	"objeto_id" integer NOT NULL,
	"dia" date NOT NULL,
	"muestras" smallint NOT NULL,
	"p95_kbps" integer NOT NULL,
	"max_kbps" integer NOT NULL,
	"promedio_kbps" integer NOT NULL,
	"entrada_prom_kbps" integer,
	"entrada_max_kbps" integer,
	"salida_prom_kbps" integer,
	"salida_max_kbps" integer,
	CONSTRAINT "uso_diario_objeto_objeto_id_dia_pk" PRIMARY KEY("objeto","objeto_id","dia"),
	CONSTRAINT "uso_diario_objeto_ck" CHECK ("uso_diario"."objeto" in (1, 2))
);
--> statement-breakpoint
CREATE TABLE "uso_horario" (
	"objeto" smallint NOT NULL,
	"objeto_id" integer NOT NULL,
	"hora" timestamp with time zone NOT NULL,
	"entrada_kbps" integer[] NOT NULL,
	"salida_kbps" integer[] NOT NULL,
	CONSTRAINT "uso_horario_objeto_objeto_id_hora_pk" PRIMARY KEY("objeto","objeto_id","hora"),
	CONSTRAINT "uso_horario_objeto_ck" CHECK ("uso_horario"."objeto" in (1, 2))
);
--> statement-breakpoint
CREATE TABLE "vinculos_monitoreo" (
	"objeto" text NOT NULL,
	"objeto_id" integer NOT NULL,
	"fuente" text NOT NULL,
	"host" text,
	"interfaz" text,
	"entrada" text,
	"salida" text,
	"estado" text,
	"mensaje" text,
	"p95_mbps" numeric(13, 3),
	"max_mbps" numeric(13, 3),
	"promedio_mbps" numeric(13, 3),
	"muestras" integer,
	"medido_en" timestamp with time zone,
	"ultima_muestra_en" timestamp with time zone,
	"intentado_en" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "vinculos_monitoreo_objeto_objeto_id_pk" PRIMARY KEY("objeto","objeto_id"),
	CONSTRAINT "vinculos_monitoreo_objeto_ck" CHECK ("vinculos_monitoreo"."objeto" in ('conexion', 'servicio')),
	CONSTRAINT "vinculos_monitoreo_fuente_ck" CHECK (("vinculos_monitoreo"."fuente" = 'zabbix' and "vinculos_monitoreo"."host" is not null and "vinculos_monitoreo"."interfaz" is not null and "vinculos_monitoreo"."entrada" is null and "vinculos_monitoreo"."salida" is null)
       or ("vinculos_monitoreo"."fuente" = 'prometheus' and "vinculos_monitoreo"."entrada" is not null and "vinculos_monitoreo"."salida" is not null and "vinculos_monitoreo"."host" is null and "vinculos_monitoreo"."interfaz" is null)),
	CONSTRAINT "vinculos_monitoreo_estado_ck" CHECK ("vinculos_monitoreo"."estado" is null or "vinculos_monitoreo"."estado" in ('OK', 'SIN_DATOS', 'ERROR'))
);
--> statement-breakpoint
ALTER TABLE "vinculos_monitoreo" ADD CONSTRAINT "vinculos_monitoreo_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vinculos_monitoreo" ADD CONSTRAINT "vinculos_monitoreo_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uso_diario_dia_idx" ON "uso_diario" USING btree ("dia");--> statement-breakpoint
CREATE INDEX "uso_horario_hora_idx" ON "uso_horario" USING btree ("hora");--> statement-breakpoint
CREATE INDEX "vinculos_monitoreo_estado_idx" ON "vinculos_monitoreo" USING btree ("estado","objeto","objeto_id");