import { ErrorArchivo } from '../../services/importacion';

export interface ArchivoSubido {
  bytes: Uint8Array;
  nombre: string | null;
  tipo: string | null;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * The one file part of a `multipart/form-data` body (RFC 7578), already buffered by the route's
 * body limit: the first part with a filename, else one named `archivo`. A small parser rather than
 * a dependency: an import takes exactly one file and needs its bytes whole anyway.
 */
export function archivoDeMultipart(cuerpo: Buffer, tipoContenido: string): ArchivoSubido {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(tipoContenido);
  const frontera = m?.[1] ?? m?.[2]?.trim();
  if (!frontera) throw new ErrorArchivo(400, 'El cuerpo multipart no indica su boundary.');
  const separador = Buffer.from(`--${frontera}`);
  let inicio = cuerpo.indexOf(separador);
  let candidato: ArchivoSubido | null = null;
  while (inicio >= 0) {
    const desde = inicio + separador.length;
    if (cuerpo[desde] === 0x2d && cuerpo[desde + 1] === 0x2d) break; // --boundary-- closes the body
    const finCabecera = cuerpo.indexOf(CRLF2, desde);
    if (finCabecera < 0) break;
    const siguiente = cuerpo.indexOf(Buffer.from(`\r\n--${frontera}`), finCabecera + 4);
    if (siguiente < 0) break;
    const cabeceras = cuerpo.subarray(desde, finCabecera).toString('utf8');
    const disposicion = /content-disposition:([^\r\n]*)/i.exec(cabeceras)?.[1] ?? '';
    const nombreCampo = /\bname="([^"]*)"/i.exec(disposicion)?.[1] ?? null;
    const nombreArchivo = /\bfilename="([^"]*)"/i.exec(disposicion)?.[1] ?? null;
    const tipo = /content-type:\s*([^\r\n]*)/i.exec(cabeceras)?.[1]?.trim() ?? null;
    const parte = { bytes: cuerpo.subarray(finCabecera + 4, siguiente), nombre: nombreArchivo, tipo };
    if (nombreArchivo !== null) return parte;
    if (nombreCampo === 'archivo') candidato = parte;
    inicio = siguiente + 2;
  }
  if (candidato) return candidato;
  throw new ErrorArchivo(400, 'El formulario no trae ningún archivo: adjunte el CSV o XLSX en el campo "archivo".');
}
