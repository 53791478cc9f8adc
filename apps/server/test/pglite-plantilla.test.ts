import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, copiarPlantillaPglite, execRows } from '../src/db/client';
import { onPostgres } from './helpers/db';

/**
 * A new PGlite data directory starts as a copy of the build's migrated template (no initdb), and an
 * existing one is never touched. The template here is made the way build.mjs makes it, with a marker
 * row, so a copy is told apart from a fresh initdb.
 */
describe.skipIf(onPostgres())('PGlite template data directory', () => {
  let raiz: string;
  let plantilla: string;

  beforeAll(async () => {
    raiz = mkdtempSync(path.join(os.tmpdir(), 'troncal-plantilla-'));
    plantilla = path.join(raiz, 'plantilla');
    const t = await connectPglite(plantilla, { plantilla: path.join(raiz, 'no-existe') });
    await t.migrate();
    await t.db.execute(sql`insert into proveedores (nombre) values ('DE LA PLANTILLA')`);
    await t.close();
    expect(existsSync(path.join(plantilla, 'troncal.pid'))).toBe(false);
  }, 60_000);
  afterAll(() => rmSync(raiz, { recursive: true, force: true }));

  const proveedores = async (dir: string) => {
    const d = await connectPglite(dir, { plantilla });
    try {
      await d.migrate(); // already applied in the template: a no-op
      return (await execRows<{ nombre: string }>(d.db, sql`select nombre from proveedores`)).map((r) => r.nombre);
    } finally {
      await d.close();
    }
  };

  it('copies the template into a missing or empty data directory, then opens and reopens it', async () => {
    const nuevo = path.join(raiz, 'nuevo');
    expect(await proveedores(nuevo)).toEqual(['DE LA PLANTILLA']);
    expect(readdirSync(nuevo)).not.toContain('.troncal-copiando-plantilla');
    const vacio = path.join(raiz, 'vacio');
    mkdirSync(vacio);
    expect(await proveedores(vacio)).toEqual(['DE LA PLANTILLA']);
    // Reopening finds a database: nothing is copied over it.
    const d = await connectPglite(vacio, { plantilla });
    await d.db.execute(sql`insert into proveedores (nombre) values ('PROPIO')`);
    await d.close();
    expect(await proveedores(vacio)).toEqual(['DE LA PLANTILLA', 'PROPIO']);
  }, 60_000);

  it('redoes an interrupted copy and never copies over other files', async () => {
    const cortado = path.join(raiz, 'cortado');
    mkdirSync(cortado);
    writeFileSync(path.join(cortado, '.troncal-copiando-plantilla'), '');
    writeFileSync(path.join(cortado, 'PG_VERSION'), 'a medias');
    expect(copiarPlantillaPglite(cortado, plantilla)).toBe(true);
    expect(readdirSync(cortado)).not.toContain('.troncal-copiando-plantilla');
    expect(await proveedores(cortado)).toEqual(['DE LA PLANTILLA']);

    const ajeno = path.join(raiz, 'ajeno');
    mkdirSync(ajeno);
    writeFileSync(path.join(ajeno, 'notas.txt'), 'x');
    expect(copiarPlantillaPglite(ajeno, plantilla)).toBe(false);
    expect(readdirSync(ajeno)).toEqual(['notas.txt']);
    expect(copiarPlantillaPglite(path.join(raiz, 'vacio2'), path.join(raiz, 'no-existe'))).toBe(false);
  });
});
