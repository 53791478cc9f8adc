CREATE TABLE "intentos_login" (
	"clave" text PRIMARY KEY NOT NULL,
	"fallos" integer DEFAULT 0 NOT NULL,
	"ventana_inicio" timestamp with time zone DEFAULT now() NOT NULL,
	"ultimo_fallo" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "revoked_by" integer;--> statement-breakpoint
ALTER TABLE "usuarios" ADD COLUMN "created_by" integer;--> statement-breakpoint
ALTER TABLE "usuarios" ADD COLUMN "updated_by" integer;--> statement-breakpoint
CREATE INDEX "intentos_login_ventana_idx" ON "intentos_login" USING btree ("ventana_inicio");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_revoked_by_usuarios_usuario_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usuarios" ADD CONSTRAINT "usuarios_created_by_usuarios_usuario_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usuarios" ADD CONSTRAINT "usuarios_updated_by_usuarios_usuario_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."usuarios"("usuario_id") ON DELETE no action ON UPDATE no action;