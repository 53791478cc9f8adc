import { ROL_LABELS, ROLES } from '@troncal/domain/enums';
import { apiTokenCreateInput, passwordSchema, usuarioCreateInput } from '@troncal/domain/schemas';
import type { z } from 'zod';
import { actorCli } from '../auth/types';
import { crearToken } from '../services/tokens.service';
import { cambiarPasswordPorCorreo, crearUsuario, usuarioPorCorreo } from '../services/usuarios.service';
import { type CliCommand, CliUsageError } from './types';

const roles = ROLES.join('|');

/** Field names of the domain schemas → the CLI's option names. */
const OPCION: Record<string, string> = { rol: 'role', nombre: 'name' };

function validar<S extends z.ZodType>(schema: S, value: unknown, uso: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const campo = String(i.path[0] ?? 'password');
    return `  --${OPCION[campo] ?? campo}: ${i.message}`;
  });
  throw new CliUsageError(`Datos inválidos:\n${lines.join('\n')}\nUso: pnpm troncal ${uso}`);
}

const requerido = (values: Record<string, string | boolean | undefined>, name: string, uso: string): string => {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliUsageError(`Falta --${name}.\nUso: pnpm troncal ${uso}`);
  return v;
};

/** `--password -` reads it from stdin, so it stays out of the shell history and `ps`. */
async function leerPassword(value: string): Promise<string> {
  if (value !== '-') return value;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const USERS_CREATE = 'users:create --email E --password P --role R [--name N]';
export const usersCreate: CliCommand = {
  description: `Crea un usuario (rol ${roles}); --password - la lee de stdin.`,
  usage: USERS_CREATE,
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
  },
  async run(ctx, values) {
    const email = requerido(values, 'email', USERS_CREATE);
    const password = await leerPassword(requerido(values, 'password', USERS_CREATE));
    const rol = requerido(values, 'role', USERS_CREATE);
    const nombre = typeof values.name === 'string' && values.name.trim() ? values.name : email.split('@')[0];
    const input = validar(usuarioCreateInput, { email, password, rol, nombre }, USERS_CREATE);
    const { db } = await ctx.database();
    const u = await crearUsuario(db, input, actorCli());
    ctx.info(`Usuario creado: ${u.email} (${ROL_LABELS[u.rol]}), id ${u.usuario_id}.`);
  },
};

const USERS_PASSWORD = 'users:password --email E --password P';
export const usersPassword: CliCommand = {
  description: 'Cambia la contraseña de un usuario y cierra sus sesiones (recuperación).',
  usage: USERS_PASSWORD,
  options: { email: { type: 'string' }, password: { type: 'string' } },
  async run(ctx, values) {
    const email = requerido(values, 'email', USERS_PASSWORD).trim().toLowerCase();
    const password = validar(
      passwordSchema,
      await leerPassword(requerido(values, 'password', USERS_PASSWORD)),
      USERS_PASSWORD,
    );
    const { db } = await ctx.database();
    const u = await cambiarPasswordPorCorreo(db, email, password);
    ctx.info(`Contraseña actualizada para ${u.email}; sus sesiones se cerraron.`);
  },
};

const TOKENS_CREATE = 'tokens:create --name N --role R [--owner EMAIL]';
export const tokensCreate: CliCommand = {
  description: 'Crea un token de API para /v1 y lo imprime solo, en la última línea de stdout.',
  usage: TOKENS_CREATE,
  options: { name: { type: 'string' }, role: { type: 'string' }, owner: { type: 'string' } },
  async run(ctx, values) {
    const input = validar(
      apiTokenCreateInput,
      { nombre: requerido(values, 'name', TOKENS_CREATE), rol: requerido(values, 'role', TOKENS_CREATE) },
      TOKENS_CREATE,
    );
    const { db } = await ctx.database();
    let owner: number | null = null;
    if (typeof values.owner === 'string') {
      const u = await usuarioPorCorreo(db, values.owner);
      if (!u) throw new CliUsageError(`No existe un usuario con el correo ${values.owner}.`);
      if (!u.activo) throw new CliUsageError(`El usuario ${u.email} está desactivado.`);
      owner = u.usuario_id;
    }
    const t = await crearToken(db, input, owner, actorCli(owner));
    ctx.info(
      `Token "${t.nombre}" creado (rol ${ROL_LABELS[t.rol]}, prefijo ${t.prefijo}${owner ? `, a nombre de ${values.owner}` : ''}). ` +
        'Guárdelo ahora: no se vuelve a mostrar.',
    );
    ctx.out(t.token);
  },
};
