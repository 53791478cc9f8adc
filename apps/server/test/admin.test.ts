import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/tokens';
import type { AuthUser } from '../src/auth/types';
import { commands } from '../src/cli/commands';
import type { CliContext } from '../src/cli/types';
import { apiTokens, sesiones, usuarios } from '../src/db/schema';
import { serverRoot } from '../src/paths';
import { crearUsuario } from '../src/services/usuarios.service';
import { createCaller } from '../src/trpc/root';
import { testEnv, usarApp } from './helpers/app';

const { database, app } = await usarApp({ limpiar: true });

const password = () => `Clave-${randomBytes(6).toString('hex')}-9`;

/** A real user with a real password, signed in over HTTP: returns a caller bound to that session. */
async function signedIn(
  rol: 'admin' | 'operador' | 'lector',
  email = `${rol}-${randomBytes(3).toString('hex')}@isp.pe`,
) {
  const pass = password();
  const u = await crearUsuario(database.db, { email, nombre: `Usuario ${rol}`, password: pass, rol }, null);
  const res = await app.inject({ method: 'POST', url: '/trpc/auth.login', payload: { email, password: pass } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const [s] = await database.db.select().from(sesiones).where(eq(sesiones.usuario_id, u.usuario_id));
  const user: AuthUser = {
    usuario_id: u.usuario_id,
    nombre: u.nombre,
    email,
    rol,
    via: 'sesion',
    sesion_id: s!.sesion_id,
  };
  const caller = createCaller({ db: database.db, dbKind: database.kind, env: testEnv(), user });
  return { ...u, password: pass, cookie, caller, user };
}

const yo = (cookie: string) =>
  app.inject({ method: 'GET', url: '/trpc/auth.yo', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });

describe('users (admin page)', () => {
  it('creates users with the creator recorded, never returning a password hash', async () => {
    const admin = await signedIn('admin');
    const op = await admin.caller.usuarios.create({
      email: 'Opera@ISP.pe',
      nombre: 'Olga Operadora',
      password: password(),
      rol: 'operador',
    });
    expect(op).toMatchObject({ email: 'opera@isp.pe', rol: 'operador', activo: true, created_by: admin.usuario_id });
    expect(op.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(op)).not.toMatch(/argon|password/);

    const list = await admin.caller.usuarios.list();
    expect(list.map((u) => u.email)).toEqual(expect.arrayContaining(['opera@isp.pe', admin.email]));
    expect(JSON.stringify(list)).not.toMatch(/argon|password_hash/);

    await expect(
      admin.caller.usuarios.create({ email: 'opera@isp.pe', nombre: 'Otra', password: password(), rol: 'lector' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      admin.caller.usuarios.create({ email: 'debil@isp.pe', nombre: 'Débil', password: 'abc', rol: 'lector' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('changes a role (effective on the next request) and records who changed it', async () => {
    const admin = await signedIn('admin');
    const op = await signedIn('operador');
    expect((await yo(op.cookie)).json().result.data.rol).toBe('operador');
    const updated = await admin.caller.usuarios.update({ id: op.usuario_id, datos: { rol: 'lector' } });
    expect(updated).toMatchObject({ rol: 'lector', updated_by: admin.usuario_id });
    expect((await yo(op.cookie)).json().result.data.rol).toBe('lector');
  });

  it('deactivating closes the user’s sessions and stops their logins', async () => {
    const admin = await signedIn('admin');
    const op = await signedIn('operador');
    await admin.caller.usuarios.update({ id: op.usuario_id, datos: { activo: false } });
    expect((await yo(op.cookie)).statusCode).toBe(401);
    expect(await database.db.select().from(sesiones).where(eq(sesiones.usuario_id, op.usuario_id))).toEqual([]);
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { email: op.email, password: op.password },
    });
    expect(res.statusCode).toBe(401);
    // Reactivated, the same password works again.
    await admin.caller.usuarios.update({ id: op.usuario_id, datos: { activo: true } });
    const again = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { email: op.email, password: op.password },
    });
    expect(again.statusCode).toBe(200);
  });

  it('resetting a password closes that user’s sessions; the new password works, the old one not', async () => {
    const admin = await signedIn('admin');
    const op = await signedIn('operador');
    const nueva = password();
    await admin.caller.usuarios.update({ id: op.usuario_id, datos: { password: nueva } });
    expect((await yo(op.cookie)).statusCode).toBe(401);
    const login = (p: string) =>
      app.inject({ method: 'POST', url: '/trpc/auth.login', payload: { email: op.email, password: p } });
    expect((await login(op.password)).statusCode).toBe(401);
    expect((await login(nueva)).statusCode).toBe(200);
    // An admin resetting their own password keeps the session they are using.
    await admin.caller.usuarios.update({ id: admin.usuario_id, datos: { password: password() } });
    expect((await yo(admin.cookie)).statusCode).toBe(200);
  });

  it('never leaves Troncal without an active admin', async () => {
    const admin = await signedIn('admin');
    await expect(
      admin.caller.usuarios.update({ id: admin.usuario_id, datos: { rol: 'operador' } }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT', message: expect.stringContaining('único administrador') });
    await expect(
      admin.caller.usuarios.update({ id: admin.usuario_id, datos: { activo: false } }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    // An inactive admin does not count.
    const dormido = await signedIn('admin');
    await admin.caller.usuarios.update({ id: dormido.usuario_id, datos: { activo: false } });
    await expect(
      admin.caller.usuarios.update({ id: admin.usuario_id, datos: { rol: 'lector' } }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });

    // With a second active admin, stepping down is fine, but not both at once.
    const otra = await signedIn('admin');
    const results = await Promise.allSettled([
      admin.caller.usuarios.update({ id: admin.usuario_id, datos: { rol: 'operador' } }),
      otra.caller.usuarios.update({ id: otra.usuario_id, datos: { activo: false } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const admins = await database.db
      .select()
      .from(usuarios)
      .where(eq(usuarios.rol, 'admin'))
      .then((rows) => rows.filter((r) => r.activo));
    expect(admins).toHaveLength(1);
  });

  it('refuses operadores and lectores', async () => {
    for (const rol of ['operador', 'lector'] as const) {
      const u = await signedIn(rol);
      await expect(u.caller.usuarios.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        u.caller.usuarios.create({ email: 'x@isp.pe', nombre: 'X', password: password(), rol: 'admin' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('lets anyone signed in change their own password, proving the current one', async () => {
    const lector = await signedIn('lector');
    await expect(
      lector.caller.auth.cambiarPassword({ actual: 'no-es-esta-1', nueva: password() }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const nueva = password();
    await lector.caller.auth.cambiarPassword({ actual: lector.password, nueva });
    expect((await yo(lector.cookie)).statusCode).toBe(200); // this session stays
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { email: lector.email, password: nueva },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('lifecycle: create, use on /v1, list without the secret, revoke, use again → 401', async () => {
    const admin = await signedIn('admin');
    const created = await admin.caller.tokens.create({ nombre: 'Integración NOC', rol: 'lector' });
    expect(created.token).toMatch(/^trc_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      nombre: 'Integración NOC',
      rol: 'lector',
      prefijo: created.token.slice(0, 10),
      created_by: admin.usuario_id,
      creado_por: admin.nombre,
      last_used_at: null,
      revoked_at: null,
    });
    const [stored] = await database.db.select().from(apiTokens);
    expect(stored!.token_hash).not.toContain(created.token);
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const headers = { authorization: `Bearer ${created.token}` };
    const use = await app.inject({ method: 'GET', url: '/v1/ubigeo/departamentos', headers });
    expect(use.statusCode).toBe(200);

    const listed = await admin.caller.tokens.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]!.last_used_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(JSON.stringify(listed)).not.toContain(stored!.token_hash);

    // A lector token cannot write.
    const write = await app.inject({ method: 'POST', url: '/v1/ubigeo/departamentos', headers, payload: {} });
    expect([403, 404]).toContain(write.statusCode);

    const revoked = await admin.caller.tokens.revocar({ id: created.token_id });
    expect(revoked.revoked_at).toBeTruthy();
    const after = await app.inject({ method: 'GET', url: '/v1/ubigeo/departamentos', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ ok: false, message: expect.stringContaining('revocado') });
    expect(after.headers['www-authenticate']).toContain('Bearer');
    // Revoking twice is harmless.
    expect((await admin.caller.tokens.revocar({ id: created.token_id })).revoked_at).toBe(revoked.revoked_at);
    await expect(admin.caller.tokens.revocar({ id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a token acts with its own role and as its creator in tRPC too', async () => {
    const admin = await signedIn('admin');
    const { token } = await admin.caller.tokens.create({ nombre: 'ops', rol: 'operador' });
    const res = await app.inject({
      method: 'GET',
      url: '/trpc/auth.yo',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json().result.data).toMatchObject({ usuario_id: admin.usuario_id, rol: 'operador', via: 'token' });
    const forbidden = await app.inject({
      method: 'GET',
      url: '/trpc/usuarios.list',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('refuses malformed and unknown tokens with 401 {ok:false}', async () => {
    for (const authorization of ['Bearer', 'Bearer trc_no-existe', 'Basic YWRtaW46YWRtaW4=', 'trc_sin_esquema']) {
      const res = await app.inject({ method: 'GET', url: '/v1/ubigeo/departamentos', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json()).toMatchObject({ ok: false });
    }
  });
});

describe('CLI commands (in process, on the test database)', () => {
  /** Runs a command as cli.ts does, with stdout and stderr captured. */
  async function command(name: string, values: Record<string, string>) {
    const out: string[] = [];
    const info: string[] = [];
    const ctx: CliContext = {
      env: testEnv(),
      database: async () => database,
      info: (m) => info.push(m),
      out: (m) => out.push(m),
    };
    await commands[name]!.run(ctx, values);
    return { out, info };
  }

  it('users:create validates like the admin page and records no creator', async () => {
    const pass = password();
    const r = await command('users:create', { email: 'Jefe@ISP.pe', password: pass, role: 'admin', name: 'Jefa NOC' });
    expect(r.out).toEqual([]);
    expect(r.info.join('\n')).toContain('jefe@isp.pe');
    const [u] = await database.db.select().from(usuarios);
    expect(u).toMatchObject({ email: 'jefe@isp.pe', nombre: 'Jefa NOC', rol: 'admin', created_by: null });

    await expect(command('users:create', { email: 'jefe@isp.pe', password: pass, role: 'lector' })).rejects.toThrow(
      /Ya existe/,
    );
    await expect(command('users:create', { email: 'x@isp.pe', password: 'corta', role: 'jefe' })).rejects.toThrow(
      /--password: .*10 caracteres[\s\S]*--role: /,
    );
    await expect(command('users:create', { password: pass, role: 'lector' })).rejects.toThrow(/Falta --email/);
    // --name defaults to the email's local part.
    await command('users:create', { email: 'ana.perez@isp.pe', password: pass, role: 'lector' });
    expect((await database.db.select().from(usuarios).where(eq(usuarios.email, 'ana.perez@isp.pe')))[0]!.nombre).toBe(
      'ana.perez',
    );
  });

  it('tokens:create prints only the token; --owner makes it act as that user', async () => {
    const pass = password();
    await command('users:create', { email: 'jefe@isp.pe', password: pass, role: 'admin' });
    const plain = await command('tokens:create', { name: 'monitoreo', role: 'lector' });
    expect(plain.out).toHaveLength(1);
    expect(plain.out[0]).toMatch(/^trc_[A-Za-z0-9_-]{43}$/);
    const owned = await command('tokens:create', { name: 'ops', role: 'operador', owner: 'JEFE@isp.pe' });
    await expect(command('tokens:create', { name: 'x', role: 'lector', owner: 'nadie@isp.pe' })).rejects.toThrow(
      /No existe/,
    );
    await expect(command('tokens:create', { name: 'x', role: 'root' })).rejects.toThrow(/--role/);

    const rows = await database.db
      .select({ nombre: apiTokens.nombre, created_by: apiTokens.created_by })
      .from(apiTokens);
    expect(rows).toEqual(
      expect.arrayContaining([
        { nombre: 'monitoreo', created_by: null },
        { nombre: 'ops', created_by: 1 },
      ]),
    );
    const res = await app.inject({
      method: 'GET',
      url: '/trpc/auth.yo',
      headers: { authorization: `Bearer ${owned.out[0]}` },
    });
    expect(res.json().result.data).toMatchObject({ usuario_id: 1, rol: 'operador', via: 'token' });
  });

  it('users:password resets a forgotten password and closes the sessions', async () => {
    const admin = await signedIn('admin');
    const nueva = password();
    await command('users:password', { email: admin.email, password: nueva });
    expect((await yo(admin.cookie)).statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { email: admin.email, password: nueva },
    });
    expect(login.statusCode).toBe(200);
    await expect(command('users:password', { email: 'nadie@isp.pe', password: nueva })).rejects.toThrow(/No existe/);
  });
});

describe('CLI process (src/cli.ts on an embedded data directory)', () => {
  const run = promisify(execFile);
  const cli = (args: string[], dataDir: string) =>
    run(process.execPath, ['--conditions=@troncal/source', '--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverRoot,
      env: { ...process.env, TRONCAL_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  // The built CLI runs end to end in the e2e global setup too (users and a token for the browser tests).
  it('tokens:create leaves the token alone on stdout, messages on stderr', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-cli-'));
    try {
      const t = await cli(['tokens:create', '--name', 'monitoreo', '--role', 'lector'], dir);
      expect(t.code, t.stderr).toBe(0);
      const token = t.stdout.trimEnd().split('\n').at(-1)!;
      expect(token).toMatch(/^trc_[A-Za-z0-9_-]{43}$/);
      expect(t.stdout).toBe(`${token}\n`);
      expect(t.stderr).toContain('monitoreo');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says clearly that the data directory is busy while a server holds it, and exits 1', {
    timeout: 60_000,
  }, async () => {
    const busy = mkdtempSync(path.join(os.tmpdir(), 'troncal-cli-busy-'));
    try {
      // This test process stands in for a running server: a live PID in the lock file.
      writeFileSync(path.join(busy, 'troncal.pid'), String(process.pid));
      const r = await cli(['users:create', '--email', 'a@isp.pe', '--password', password(), '--role', 'admin'], busy);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('está en uso por otro proceso');
      expect(r.stderr).toContain('Detenga el servidor');
    } finally {
      rmSync(busy, { recursive: true, force: true });
    }
  });
});
