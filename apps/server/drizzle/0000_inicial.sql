CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE SEQUENCE "public"."enlace_cid_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 257001 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."servicio_cid_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1001 CACHE 1;--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"token_id" serial PRIMARY KEY NOT NULL,
	"nombre" text NOT NULL,
	"rol" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefijo" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_rol_ck" CHECK ("api_tokens"."rol" in ('lector', 'operador', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "sesiones" (
	"sesion_id" text PRIMARY KEY NOT NULL,
	"usuario_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usuarios" (
	"usuario_id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"nombre" text NOT NULL,
	"rol" text NOT NULL,
	"password_hash" text NOT NULL,
	"activo" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usuarios_rol_ck" CHECK ("usuarios"."rol" in ('lector', 'operador', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "conexion_equipos" (
	"enlace_id" integer NOT NULL,
	"equipo_id" integer NOT NULL,
	CONSTRAINT "conexion_equipos_enlace_id_equipo_id_pk" PRIMARY KEY("enlace_id","equipo_id")
);
--> statement-breakpoint
CREATE TABLE "conexiones" (
	"enlace_id" serial PRIMARY KEY NOT NULL,
	"servicio_id" integer,
	"cid_enlace" text NOT NULL,
	"modalidad_enlace" text,
	"tipo_enlace" text,
	"enlace_estado" text DEFAULT 'PENDIENTE' NOT NULL,
	"enlace_fecha_activacion" date,
	"bw_contratado" numeric(13, 3) DEFAULT 0 NOT NULL,
	"bw_utilizado" numeric(13, 3) DEFAULT 0 NOT NULL,
	"bw_disponible" numeric(13, 3) GENERATED ALWAYS AS (bw_contratado - bw_utilizado) STORED,
	"departamento_enlace" text,
	"provincia_enlace" text,
	"distrito_enlace" text,
	"direccion_enlace" text,
	"locacion" text,
	"cliente_id" integer,
	"nodo_a" integer,
	"configuracion_nodo_a" text,
	"nodo_b" integer,
	"configuracion_nodo_b" text,
	"asignacion_ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "conexiones_bw_contratado_ck" CHECK ("conexiones"."bw_contratado" >= 0),
	CONSTRAINT "conexiones_bw_utilizado_ck" CHECK ("conexiones"."bw_utilizado" >= 0),
	CONSTRAINT "conexiones_estado_ck" CHECK ("conexiones"."enlace_estado" in ('PENDIENTE', 'ACTIVO', 'SUSPENDIDO', 'BAJA', 'INACTIVO', 'DOWN'))
);
--> statement-breakpoint
CREATE TABLE "movimientos_capacidad" (
	"movimiento_id" bigserial PRIMARY KEY NOT NULL,
	"servicio_id" integer NOT NULL,
	"delta_vendida" numeric(13, 3) NOT NULL,
	"vendida_resultante" numeric(13, 3) NOT NULL,
	"motivo" text,
	"origen" text NOT NULL,
	"enlace_id" integer,
	"usuario_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "movimientos_origen_ck" CHECK ("movimientos_capacidad"."origen" in ('VENTA_CONEXION', 'AJUSTE_BW', 'BAJA_CONEXION', 'CAMBIO_SERVICIO', 'AJUSTE_MANUAL'))
);
--> statement-breakpoint
CREATE TABLE "movimientos_enlace" (
	"movimiento_id" bigserial PRIMARY KEY NOT NULL,
	"enlace_id" integer NOT NULL,
	"bw_anterior" numeric(13, 3) NOT NULL,
	"bw_nuevo" numeric(13, 3) NOT NULL,
	"delta" numeric(13, 3) NOT NULL,
	"motivo" text,
	"usuario_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "muestras_uso" (
	"muestra_id" bigserial PRIMARY KEY NOT NULL,
	"servicio_id" integer NOT NULL,
	"capacidad_comprada" numeric(13, 3) NOT NULL,
	"capacidad_vendida" numeric(13, 3) NOT NULL,
	"capacidad_utilizada" numeric(13, 3) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "servicios_proveedor" (
	"servicio_id" serial PRIMARY KEY NOT NULL,
	"proveedor_id" integer NOT NULL,
	"nodo_id" integer,
	"modalidad" text NOT NULL,
	"capacidad_comprada" numeric(13, 3) DEFAULT 0 NOT NULL,
	"capacidad_vendida" numeric(13, 3) DEFAULT 0 NOT NULL,
	"capacidad_utilizada" numeric(13, 3) DEFAULT 0 NOT NULL,
	"capacidad_disponible" numeric(13, 3) GENERATED ALWAYS AS (capacidad_comprada - capacidad_vendida) STORED,
	"ubicacion_servicio" text,
	"condicion" text DEFAULT 'ACTIVO' NOT NULL,
	"observacion" text,
	"cid_proveedor" text,
	"cid_interno" text NOT NULL,
	"limite_sobreventa_pct" numeric(13, 3),
	"busqueda" text GENERATED ALWAYS AS (lower(coalesce(cid_interno, '') || ' ' || coalesce(cid_proveedor, '') || ' ' || modalidad || ' ' || coalesce(ubicacion_servicio, ''))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "servicios_comprada_ck" CHECK ("servicios_proveedor"."capacidad_comprada" >= 0),
	CONSTRAINT "servicios_vendida_ck" CHECK ("servicios_proveedor"."capacidad_vendida" >= 0),
	CONSTRAINT "servicios_utilizada_ck" CHECK ("servicios_proveedor"."capacidad_utilizada" >= 0),
	CONSTRAINT "servicios_limite_ck" CHECK ("servicios_proveedor"."limite_sobreventa_pct" is null or "servicios_proveedor"."limite_sobreventa_pct" >= 0),
	CONSTRAINT "servicios_modalidad_ck" CHECK ("servicios_proveedor"."modalidad" in ('DEDICADO', 'COMPARTIDO')),
	CONSTRAINT "servicios_condicion_ck" CHECK ("servicios_proveedor"."condicion" in ('ACTIVO', 'STANDBY', 'RESERVA', 'INACTIVO', 'BAJA'))
);
--> statement-breakpoint
CREATE TABLE "clientes" (
	"cliente_id" serial PRIMARY KEY NOT NULL,
	"razon_social" text NOT NULL,
	"ruc" text NOT NULL,
	"contacto" text,
	"telefono" text,
	"email" text,
	"estado" text DEFAULT 'ACTIVO' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "clientes_ruc_ck" CHECK ("clientes"."ruc" ~ '^[0-9]{11}$'),
	CONSTRAINT "clientes_estado_ck" CHECK ("clientes"."estado" in ('ACTIVO', 'INACTIVO'))
);
--> statement-breakpoint
CREATE TABLE "equipos" (
	"equipo_id" serial PRIMARY KEY NOT NULL,
	"tipo" text NOT NULL,
	"marca" text NOT NULL,
	"modelo" text NOT NULL,
	"serial" text NOT NULL,
	"estado" text DEFAULT 'DISPONIBLE' NOT NULL,
	"observacion" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "equipos_tipo_ck" CHECK ("equipos"."tipo" in ('ROUTER', 'SWITCH', 'ONT', 'RADIO', 'FIREWALL', 'OTRO')),
	CONSTRAINT "equipos_estado_ck" CHECK ("equipos"."estado" in ('DISPONIBLE', 'ASIGNADO', 'BAJA'))
);
--> statement-breakpoint
CREATE TABLE "nodos" (
	"nodo_id" serial PRIMARY KEY NOT NULL,
	"nombre" text NOT NULL,
	"tipo" text NOT NULL,
	"ubigeo" text,
	"direccion" text,
	"estado" text DEFAULT 'ACTIVO' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "nodos_tipo_ck" CHECK ("nodos"."tipo" in ('CORE', 'AGREGACION', 'ACCESO', 'EDGE', 'POP', 'CLIENTE')),
	CONSTRAINT "nodos_ubigeo_ck" CHECK ("nodos"."ubigeo" is null or "nodos"."ubigeo" ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'),
	CONSTRAINT "nodos_estado_ck" CHECK ("nodos"."estado" in ('ACTIVO', 'INACTIVO'))
);
--> statement-breakpoint
CREATE TABLE "proveedores" (
	"proveedor_id" serial PRIMARY KEY NOT NULL,
	"nombre" text NOT NULL,
	"ruc" text,
	"estado" text DEFAULT 'ACTIVO' NOT NULL,
	"contacto" text,
	"telefono" text,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "proveedores_estado_ck" CHECK ("proveedores"."estado" in ('ACTIVO', 'INACTIVO'))
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sesiones" ADD CONSTRAINT "sesiones_usuario_id_usuarios_usuario_id_fk" FOREIGN KEY ("usuario_id") REFERENCES "public"."usuarios"("usuario_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexion_equipos" ADD CONSTRAINT "conexion_equipos_enlace_id_conexiones_enlace_id_fk" FOREIGN KEY ("enlace_id") REFERENCES "public"."conexiones"("enlace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexion_equipos" ADD CONSTRAINT "conexion_equipos_equipo_id_equipos_equipo_id_fk" FOREIGN KEY ("equipo_id") REFERENCES "public"."equipos"("equipo_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexiones" ADD CONSTRAINT "conexiones_servicio_id_servicios_proveedor_servicio_id_fk" FOREIGN KEY ("servicio_id") REFERENCES "public"."servicios_proveedor"("servicio_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexiones" ADD CONSTRAINT "conexiones_cliente_id_clientes_cliente_id_fk" FOREIGN KEY ("cliente_id") REFERENCES "public"."clientes"("cliente_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexiones" ADD CONSTRAINT "conexiones_nodo_a_nodos_nodo_id_fk" FOREIGN KEY ("nodo_a") REFERENCES "public"."nodos"("nodo_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexiones" ADD CONSTRAINT "conexiones_nodo_b_nodos_nodo_id_fk" FOREIGN KEY ("nodo_b") REFERENCES "public"."nodos"("nodo_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexiones" ADD CONSTRAINT "conexiones_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conexiones" ADD CONSTRAINT "conexiones_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movimientos_capacidad" ADD CONSTRAINT "movimientos_capacidad_servicio_id_servicios_proveedor_servicio_id_fk" FOREIGN KEY ("servicio_id") REFERENCES "public"."servicios_proveedor"("servicio_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movimientos_capacidad" ADD CONSTRAINT "movimientos_capacidad_enlace_id_conexiones_enlace_id_fk" FOREIGN KEY ("enlace_id") REFERENCES "public"."conexiones"("enlace_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movimientos_capacidad" ADD CONSTRAINT "movimientos_capacidad_usuario_id_usuarios_usuario_id_fk" FOREIGN KEY ("usuario_id") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movimientos_enlace" ADD CONSTRAINT "movimientos_enlace_enlace_id_conexiones_enlace_id_fk" FOREIGN KEY ("enlace_id") REFERENCES "public"."conexiones"("enlace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movimientos_enlace" ADD CONSTRAINT "movimientos_enlace_usuario_id_usuarios_usuario_id_fk" FOREIGN KEY ("usuario_id") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "muestras_uso" ADD CONSTRAINT "muestras_uso_servicio_id_servicios_proveedor_servicio_id_fk" FOREIGN KEY ("servicio_id") REFERENCES "public"."servicios_proveedor"("servicio_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "servicios_proveedor" ADD CONSTRAINT "servicios_proveedor_proveedor_id_proveedores_proveedor_id_fk" FOREIGN KEY ("proveedor_id") REFERENCES "public"."proveedores"("proveedor_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "servicios_proveedor" ADD CONSTRAINT "servicios_proveedor_nodo_id_nodos_nodo_id_fk" FOREIGN KEY ("nodo_id") REFERENCES "public"."nodos"("nodo_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "servicios_proveedor" ADD CONSTRAINT "servicios_proveedor_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "servicios_proveedor" ADD CONSTRAINT "servicios_proveedor_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clientes" ADD CONSTRAINT "clientes_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clientes" ADD CONSTRAINT "clientes_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipos" ADD CONSTRAINT "equipos_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipos" ADD CONSTRAINT "equipos_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodos" ADD CONSTRAINT "nodos_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodos" ADD CONSTRAINT "nodos_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proveedores" ADD CONSTRAINT "proveedores_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proveedores" ADD CONSTRAINT "proveedores_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_uq" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sesiones_usuario_idx" ON "sesiones" USING btree ("usuario_id");--> statement-breakpoint
CREATE UNIQUE INDEX "usuarios_email_uq" ON "usuarios" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "conexion_equipos_equipo_idx" ON "conexion_equipos" USING btree ("equipo_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conexiones_cid_uq" ON "conexiones" USING btree ("cid_enlace");--> statement-breakpoint
CREATE INDEX "conexiones_servicio_idx" ON "conexiones" USING btree ("servicio_id","enlace_estado");--> statement-breakpoint
CREATE INDEX "conexiones_cliente_idx" ON "conexiones" USING btree ("cliente_id");--> statement-breakpoint
CREATE INDEX "conexiones_estado_idx" ON "conexiones" USING btree ("enlace_estado","enlace_id");--> statement-breakpoint
CREATE INDEX "movimientos_servicio_idx" ON "movimientos_capacidad" USING btree ("servicio_id","movimiento_id");--> statement-breakpoint
CREATE INDEX "movimientos_enlace_idx" ON "movimientos_capacidad" USING btree ("enlace_id");--> statement-breakpoint
CREATE INDEX "movimientos_enlace_enlace_idx" ON "movimientos_enlace" USING btree ("enlace_id","movimiento_id");--> statement-breakpoint
CREATE INDEX "muestras_servicio_idx" ON "muestras_uso" USING btree ("servicio_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "servicios_cid_interno_uq" ON "servicios_proveedor" USING btree ("cid_interno");--> statement-breakpoint
CREATE INDEX "servicios_proveedor_idx" ON "servicios_proveedor" USING btree ("proveedor_id","servicio_id");--> statement-breakpoint
CREATE INDEX "servicios_busqueda_trgm" ON "servicios_proveedor" USING gin ("busqueda" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "clientes_ruc_uq" ON "clientes" USING btree ("ruc");--> statement-breakpoint
CREATE INDEX "clientes_razon_social_trgm" ON "clientes" USING gin ("razon_social" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "equipos_serial_uq" ON "equipos" USING btree (lower("serial"));--> statement-breakpoint
CREATE UNIQUE INDEX "nodos_nombre_uq" ON "nodos" USING btree (lower("nombre"));--> statement-breakpoint
CREATE UNIQUE INDEX "proveedores_nombre_uq" ON "proveedores" USING btree (lower("nombre"));