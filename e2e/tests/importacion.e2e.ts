import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usePage } from '../support/browser';
import { credenciales, login } from '../support/login';

/** Names and RUCs are unique per run: other journeys share the server's database. */
const sufijo = randomBytes(3).toString('hex').toUpperCase();

function rucValido(n: number): string {
  const base = `20${String((Number.parseInt(sufijo, 16) * 10 + n + 7) % 1e8).padStart(8, '0')}`;
  const pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const suma = pesos.reduce((s, p, i) => s + p * Number(base[i]), 0);
  const resto = 11 - (suma % 11);
  return base + String(resto === 10 ? 0 : resto === 11 ? 1 : resto);
}
/** The same base with the check digit off by one: a RUC the importer must refuse. */
const rucMalo = (n: number) => {
  const r = rucValido(n);
  return r.slice(0, 10) + String((Number(r[10]) + 1) % 10);
};

const csv = (filas: string[][]) => Buffer.from(`${filas.map((f) => f.join(';')).join('\r\n')}\r\n`, 'latin1');

describe('Importación y exportación en la SPA', () => {
  const fx = usePage();

  it('el asistente informa dos errores, se corrige el archivo, se aplica, y la lista se exporta', async () => {
    const { page, baseURL } = fx;
    await login(page, baseURL, credenciales('operador'));
    await page.goto('/clientes');
    await page.getByRole('heading', { name: 'Clientes' }).waitFor();
    await page.getByRole('link', { name: 'Importar' }).click();
    await page.getByRole('heading', { name: 'Importar clientes' }).waitFor();
    expect(await page.getByRole('link', { name: /Plantilla Excel/ }).getAttribute('href')).toBe(
      '/v1/clientes/importar/plantilla?formato=xlsx',
    );

    const a = `Minera Ñandú ${sufijo} S.A.`;
    const b = `Café Perú ${sufijo} S.A.C.`;
    // Two errors: a RUC with a bad check digit, and the same RUC twice in the file.
    const malo = csv([
      ['razon_social', 'ruc', 'estado'],
      [a, rucMalo(0), 'activo'],
      [b, rucValido(1), 'ACTIVO'],
      [`${b} (copia)`, rucValido(1), 'ACTIVO'],
    ]);
    const archivo = page.locator('input[type="file"]');
    await archivo.setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: malo });
    await page.getByRole('button', { name: 'Validar' }).click();
    await page.getByText('El archivo tiene errores').waitFor();
    const tabla = page.getByRole('table', { name: 'Errores de validación' });
    await tabla.waitFor();
    const filas = tabla.locator('tbody tr');
    expect(await filas.count()).toBe(2);
    const celda = (f: number, c: number) => filas.nth(f).locator('td').nth(c).textContent();
    expect([await celda(0, 0), await celda(0, 1), await celda(0, 2)]).toEqual(['2', 'ruc', rucMalo(0)]);
    expect([await celda(1, 0), await celda(1, 1)]).toEqual(['4', 'ruc']);
    expect(await celda(1, 3)).toContain('fila 3');
    expect(await page.getByRole('button', { name: 'Aplicar importación' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Subir otro archivo' }).click();
    const bueno = csv([
      ['razon_social', 'ruc', 'estado'],
      [a, rucValido(0), 'activo'],
      [b, rucValido(1), 'ACTIVO'],
    ]);
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: bueno });
    await page.getByRole('button', { name: 'Validar' }).click();
    await page.getByText('El archivo es válido').waitFor();
    await page.getByRole('button', { name: 'Aplicar importación' }).click();
    await page.getByText('Importación aplicada').waitFor();
    await page.getByText('2 registros creados').waitFor();

    // The list shows them; Exportar downloads the filtered list.
    await page.getByRole('link', { name: 'Ver clientes' }).click();
    await page.getByRole('heading', { name: 'Clientes' }).waitFor();
    await page.getByPlaceholder('Razón social, RUC, contacto o correo').fill(sufijo);
    await page.getByRole('cell', { name: a }).waitFor();
    await page.getByRole('button', { name: 'Exportar' }).click();
    const descarga = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const d = await descarga;
    expect(d.suggestedFilename()).toMatch(/^clientes-\d{4}-\d{2}-\d{2}\.csv$/);
    const texto = readFileSync((await d.path()) as string, 'utf8');
    expect(texto.charCodeAt(0)).toBe(0xfeff);
    const lineas = texto.trim().split('\r\n');
    expect(lineas).toHaveLength(3);
    expect(texto).toContain(a);
    expect(texto).toContain(rucValido(1));
  });
});
