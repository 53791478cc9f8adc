import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COLUMNAS_EXPORTACION, csvReadable, TIPO_CSV, TIPO_XLSX, xlsxReadable } from '../../services/exportacion';
import {
  type FormatoExportacion,
  FUENTES_EXPORTACION,
  filasExportacion,
  nombreArchivoExportacion,
} from '../../services/exportacion/fuentes';
import { errores } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const archivo = z
  .any()
  .describe('El archivo: text/csv (UTF-8 con BOM) o el libro .xlsx, con Content-Disposition: attachment.');

/**
 * `GET /v1/<lista>/exportar?formato=csv|xlsx&<los filtros de la lista>`, one route per entry of
 * FUENTES_EXPORTACION: the list's filters validated as the list validates them, rows streamed
 * batch by batch (the first bytes leave before the last row is read).
 */
export async function exportacionRoutes(app: FastifyInstance, { db }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const fuente of FUENTES_EXPORTACION) {
    const conId = fuente.ruta.includes(':id');
    r.get(
      `${fuente.ruta}/exportar`,
      {
        config: fuente.rol ? { rol: fuente.rol } : {},
        schema: {
          tags: ['Exportación'],
          summary: `${fuente.resumen}: exporta la lista con los filtros aplicados, como CSV o XLSX`,
          description:
            'Mismos filtros y validación que la lista (sin limit/offset: exporta todas las filas). CSV en UTF-8 con BOM ' +
            'y comillas RFC 4180; XLSX con celdas tipadas, encabezado fijo y anchos. Las celdas de texto que empiezan ' +
            'con =, +, -, @, tabulador o retorno de carro se neutralizan (inyección de fórmulas).',
          querystring: fuente.query,
          ...(conId ? { params: idParamsSchema } : {}),
          response: { 200: archivo, ...errores },
        },
      },
      async (req, reply) => {
        const q = req.query as { formato: FormatoExportacion };
        const id = conId ? (req.params as { id: number }).id : undefined;
        const filas = await filasExportacion(fuente, db, q, id);
        const columnas = COLUMNAS_EXPORTACION[fuente.lista];
        const nombre = nombreArchivoExportacion(fuente.lista, q.formato, id);
        reply
          .header('content-disposition', `attachment; filename="${nombre}"`)
          .header('cache-control', 'no-store')
          .type(q.formato === 'xlsx' ? TIPO_XLSX : TIPO_CSV);
        return reply.send(q.formato === 'xlsx' ? xlsxReadable(columnas, filas) : csvReadable(columnas, filas));
      },
    );
  }
}
