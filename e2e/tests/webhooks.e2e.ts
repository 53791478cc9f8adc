import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, newPage, saveScreenshot } from '../support/browser';
import { generarPassword } from '../support/login';
import { type StartedServer, startServer } from '../support/server';

interface Recibida {
  cabeceras: http.IncomingHttpHeaders;
  cuerpo: string;
}

/**
 * An admin registers a webhook in the SPA, copies its secret (shown once), presses "Enviar prueba"
 * and sees the delivery ENTREGADA in the endpoint's log, while a real receiver on 127.0.0.1 gets
 * the signed request. Its own server: targets on 127.0.0.1 must be allowed
 * (TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS=permitir), which production does not do by default.
 */
describe('webhooks en la SPA', () => {
  let server: StartedServer;
  let receptor: http.Server;
  let urlReceptor: string;
  const recibidas: Recibida[] = [];

  beforeAll(async () => {
    receptor = http.createServer((req, res) => {
      const trozos: Buffer[] = [];
      req.on('data', (t: Buffer) => trozos.push(t));
      req.on('end', () => {
        recibidas.push({ cabeceras: req.headers, cuerpo: Buffer.concat(trozos).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receptor.listen(0, '127.0.0.1', r));
    urlReceptor = `http://127.0.0.1:${(receptor.address() as AddressInfo).port}/troncal`;
    server = await startServer({
      env: { TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'permitir', TRONCAL_WEBHOOKS_INTERVALO_MS: '200' },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => receptor?.close(r));
  });

  it('registra un webhook, muestra el secreto una vez, envía una prueba y la ve entregada', async () => {
    const page = await newPage(server.baseURL);
    try {
      await page.goto('/setup');
      await page.getByLabel('Correo').fill('integraciones@isp.pe');
      await page.getByLabel('Nombre').fill('Integraciones');
      const password = generarPassword();
      await page.getByLabel(/^Contraseña/).fill(password);
      await page.getByLabel('Confirmar contraseña').fill(password);
      await page.getByRole('button', { name: 'Crear administrador' }).click();
      await page.waitForURL((url) => url.pathname === '/');

      await page.getByRole('link', { name: /Webhooks/ }).click();
      await page.waitForURL((url) => url.pathname === '/admin/webhooks');
      await page.getByText('No hay webhooks').waitFor();

      await page.getByRole('button', { name: 'Nuevo webhook' }).click();
      const modal = page.getByRole('dialog', { name: 'Nuevo webhook' });
      await modal.getByLabel(/^URL/).fill('ftp://facturacion.isp.pe');
      await modal.getByLabel('Conexión creada').check();
      await modal.getByRole('button', { name: 'Registrar webhook' }).click();
      await modal.getByText('La URL debe empezar por http:// o https://.').waitFor();
      await modal.getByLabel(/^URL/).fill(urlReceptor);
      await modal.getByLabel('Descripción').fill('Facturación');
      await modal.getByLabel('Servicio sobrevendido').check();
      await modal.getByRole('button', { name: 'Registrar webhook' }).click();

      const creado = page.getByRole('dialog', { name: 'Webhook registrado' });
      await creado.getByText('no se volverá a mostrar').waitFor();
      const secreto = await creado.getByLabel('Secreto de firma').inputValue();
      expect(secreto).toMatch(/^whsec_/);
      await creado.getByRole('button', { name: 'Copiar' }).waitFor();
      await creado.getByRole('button', { name: 'Listo' }).click();

      const fila = page.getByRole('row').filter({ hasText: urlReceptor });
      await fila.getByText('conexion.creada').waitFor();
      await fila.getByText('servicio.sobrevendido').waitFor();
      expect(await page.getByText(secreto).count()).toBe(0);

      await fila.getByRole('link', { name: urlReceptor }).click();
      await page.waitForURL((url) => /^\/admin\/webhooks\/\d+$/.test(url.pathname));
      await page.getByText('Sin entregas todavía').waitFor();
      await page.getByRole('button', { name: 'Enviar prueba' }).click();

      const entrega = page.getByRole('row').filter({ hasText: 'webhook.prueba' });
      await entrega.getByText('Entregada').waitFor({ timeout: 15_000 });
      await entrega.getByRole('cell', { name: '204' }).waitFor();
      await entrega.getByRole('button', { name: 'Reintentar' }).waitFor();

      // The receiver got it, signed with the secret the SPA showed.
      expect(recibidas).toHaveLength(1);
      const [r] = recibidas;
      expect(r!.cabeceras['troncal-event']).toBe('webhook.prueba');
      const [t, v1] = String(r!.cabeceras['troncal-signature'])
        .split(',')
        .map((p) => p.split('=')[1]);
      expect(createHmac('sha256', secreto).update(`${t}.${r!.cuerpo}`).digest('hex')).toBe(v1);
      expect(JSON.parse(r!.cuerpo)).toMatchObject({ evento: 'webhook.prueba', id: r!.cabeceras['troncal-delivery'] });

      // Deleting asks first.
      await page.getByRole('link', { name: 'Webhooks' }).first().click();
      await page.waitForURL((url) => url.pathname === '/admin/webhooks');
      await page.getByRole('row').filter({ hasText: urlReceptor }).getByRole('button', { name: 'Eliminar' }).click();
      const confirmar = page.getByRole('dialog', { name: 'Eliminar webhook' });
      await confirmar.getByText('no se puede deshacer').waitFor();
      await confirmar.getByRole('button', { name: 'Eliminar' }).click();
      await page.getByText('No hay webhooks').waitFor();
      expect(errorsOf(page).filter((e) => !/status of 4\d\d|Failed to load resource/.test(e))).toEqual([]);
    } catch (e) {
      await saveScreenshot(page, 'webhooks');
      throw e;
    } finally {
      await page.close();
    }
  });
});
