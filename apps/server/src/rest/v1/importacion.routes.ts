import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TIPO_CSV, TIPO_XLSX } from '../../services/exportacion';
import {
  ENTIDADES_IMPORTACION,
  LIMITES_POR_DEFECTO,
  nombreArchivoPlantilla,
  PLANTILLAS,
  plantillaCsv,
  plantillaXlsx,
} from '../../services/importacion';
import { ErrorImportacion, importar } from '../../services/importacion/aplicar';
import { errorEnvelope } from './envelopes';
import { sendError, v1ErrorHandler } from './errors';
import { archivoDeMultipart } from './multipart';
import type { V1Deps } from './plugin';

const errorFila = z.object({ fila: z.number(), columna: z.string(), valor: z.string(), message: z.string() });
const validacionResponse = z.object({
  ok: z.boolean(),
  filas: z.number(),
  validas: z.number(),
  errores: z.array(errorFila),
  advertencias: z.array(z.string()),
});
const aplicacionResponse = z.object({
  ok: z.literal(true),
  filas: z.number(),
  creados: z.number(),
  actualizados: z.number(),
  advertencias: z.array(z.string()),
});
const rechazoResponse = errorEnvelope.extend({
  filas: z.number(),
  validas: z.number(),
  errores: z.array(errorFila),
  advertencias: z.array(z.string()),
});

const importarQuery = z.object({
  modo: z
    .enum(['validar', 'aplicar'], { error: 'El modo debe ser validar o aplicar.' })
    .default('validar')
    .describe('validar: informa todos los errores sin cambiar nada; aplicar: todo o nada, en una transacción'),
  existentes: z
    .enum(['actualizar', 'rechazar'], { error: 'existentes debe ser actualizar o rechazar.' })
    .optional()
    .describe('actualizar: las filas cuya clave natural ya existe actualizan ese registro; si no, son un error'),
  archivo: z
    .string({ error: 'Debe ser un texto.' })
    .trim()
    .max(200, 'Admite como máximo 200 caracteres.')
    .optional()
    .describe('Nombre del archivo para el motivo del libro (un cuerpo multipart ya lo trae)'),
});
const plantillaQuery = z.object({
  formato: z.enum(['csv', 'xlsx'], { error: 'El formato debe ser csv o xlsx.' }).default('xlsx'),
});

const MB = (b: number) => Math.round(b / (1024 * 1024));
/** Multipart framing around a file at the limit; the file's own size is checked exactly by the reader. */
const HOLGURA = 1024 * 1024;

const TIPOS_CRUDOS = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  TIPO_XLSX,
]);

const NO_ADMITIDO = `Tipo de contenido no admitido: envíe el archivo como multipart/form-data, o el cuerpo crudo con Content-Type text/csv o ${TIPO_XLSX}.`;

/**
 * `POST /v1/<entidad>/importar?modo=validar|aplicar` (operador) and the templates
 * (`GET /v1/<entidad>/importar/plantilla?formato=csv|xlsx`), in their own context: the body is
 * the file's bytes (multipart or raw), up to the import's size limit rather than /v1's 1 MB.
 */
export async function importacionRoutes(app: FastifyInstance, { db, env }: V1Deps) {
  await app.register(async (hijo) => {
    const limite = LIMITES_POR_DEFECTO.bytes;
    hijo.removeAllContentTypeParsers();
    hijo.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limite + HOLGURA }, (_req, cuerpo, hecho) =>
      hecho(null, cuerpo),
    );
    hijo.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return sendError(
          reply,
          413,
          `El archivo supera el máximo admitido de ${MB(limite)} MB. Divídalo en archivos más pequeños.`,
        );
      }
      if (err instanceof ErrorImportacion) {
        return reply.code(422).send({ ok: false, message: err.message, ...err.resultado });
      }
      return v1ErrorHandler(err, req, reply);
    });
    const r = hijo.withTypeProvider<ZodTypeProvider>();

    for (const entidad of ENTIDADES_IMPORTACION) {
      const plantilla = PLANTILLAS[entidad];
      const tags = ['Importación'];
      r.post(
        `/${entidad}/importar`,
        {
          schema: {
            tags,
            summary: `${plantilla.titulo}: importa un CSV o XLSX (validar o aplicar)`,
            description:
              `Cuerpo multipart/form-data (un archivo) o crudo con Content-Type text/csv o ${TIPO_XLSX}; ` +
              `hasta ${MB(limite)} MB, ${LIMITES_POR_DEFECTO.filas.toLocaleString('es-PE')} filas y ` +
              `${LIMITES_POR_DEFECTO.caracteresCelda.toLocaleString('es-PE')} caracteres por celda. CSV en UTF-8 (con o sin BOM) ` +
              `o Windows-1252, separado por comas o punto y coma. Clave natural: ${plantilla.clave}. validar no cambia nada y ` +
              'responde { ok, filas, validas, errores: [{ fila, columna, valor, message }], advertencias } (200 si el ' +
              'archivo es válido, 422 con el informe completo si no); aplicar escribe todo en una ' +
              'transacción o nada (422 con los mismos errores). Las conexiones que no están en BAJA reservan su bw_contratado ' +
              'en el libro de capacidad con origen IMPORTACION.',
            querystring: importarQuery,
            response: {
              200: z.union([validacionResponse, aplicacionResponse]),
              400: errorEnvelope,
              401: errorEnvelope,
              403: errorEnvelope,
              409: errorEnvelope,
              413: errorEnvelope,
              415: errorEnvelope,
              422: rechazoResponse,
            },
          },
        },
        async (req, reply) => {
          // The boundary is case-sensitive (Chromium's is ----WebKitFormBoundaryAbC…): only the media type is lowered.
          const tipo = req.headers['content-type'] ?? '';
          const base = tipo.split(';')[0]?.trim().toLowerCase() ?? '';
          const cuerpo = req.body as Buffer | undefined;
          if (!cuerpo || cuerpo.length === 0) {
            return sendError(reply, 400, 'El cuerpo está vacío: adjunte el archivo CSV o XLSX.');
          }
          let archivo: { bytes: Uint8Array; nombre: string | null; tipo: string | null };
          if (base === 'multipart/form-data') archivo = archivoDeMultipart(cuerpo, tipo);
          else if (TIPOS_CRUDOS.has(base)) archivo = { bytes: cuerpo, nombre: null, tipo: base };
          else return sendError(reply, 415, NO_ADMITIDO);
          const nombreArchivo = req.query.archivo || archivo.nombre || `archivo de ${plantilla.titulo.toLowerCase()}`;
          return importar(db, {
            entidad,
            bytes: archivo.bytes,
            tipoContenido: archivo.tipo,
            modo: req.query.modo,
            existentes: req.query.existentes,
            nombreArchivo,
            usuario: req.user,
            politica: env.TRONCAL_SOBREVENTA,
          });
        },
      );

      r.get(
        `/${entidad}/importar/plantilla`,
        {
          schema: {
            tags,
            summary: `${plantilla.titulo}: plantilla de importación (encabezado y hoja de instrucciones)`,
            querystring: plantillaQuery,
            response: { 200: z.any().describe('La plantilla CSV o XLSX'), 400: errorEnvelope, 401: errorEnvelope },
          },
        },
        async (req, reply) => {
          const formato = req.query.formato;
          reply
            .header('content-disposition', `attachment; filename="${nombreArchivoPlantilla(entidad, formato)}"`)
            .type(formato === 'xlsx' ? TIPO_XLSX : TIPO_CSV);
          if (formato === 'csv') return reply.send(Buffer.from(plantillaCsv(entidad)));
          const partes: Uint8Array[] = [];
          for await (const p of plantillaXlsx(entidad)) partes.push(p);
          return reply.send(Buffer.concat(partes));
        },
      );
    }
  });
}
