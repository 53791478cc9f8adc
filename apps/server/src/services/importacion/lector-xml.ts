import { decodificarEntidades } from '../exportacion/xml';

/**
 * A streaming tokenizer for the small XML subset SpreadsheetML uses, fed text chunk by chunk. It
 * reports element names without their namespace prefix ("x:row" → "row") and hands over the raw
 * attribute text, parsed only by handlers that need it; text is passed raw (entities undecoded).
 */
export interface ManejadorXml {
  abrir(nombre: string, atributos: string, vacio: boolean): void;
  cerrar(nombre: string): void;
  texto(crudo: string): void;
}

export class LectorXml {
  private resto = '';

  constructor(private readonly m: ManejadorXml) {}

  push(trozo: string): void {
    const t = this.resto ? this.resto + trozo : trozo;
    this.resto = '';
    const n = t.length;
    let i = 0;
    while (i < n) {
      const lt = t.indexOf('<', i);
      if (lt === -1) {
        // Text may be cut inside an entity ("&am|p;"), so it waits for the next chunk.
        this.resto = t.slice(i);
        return;
      }
      if (lt > i) this.m.texto(t.slice(i, lt));
      const c = t.charCodeAt(lt + 1);
      if (Number.isNaN(c)) {
        this.resto = t.slice(lt);
        return;
      }
      if (c === 33 /* ! */) {
        const cdata = t.startsWith('<![CDATA[', lt);
        const fin = cdata ? t.indexOf(']]>', lt) : t.startsWith('<!--', lt) ? t.indexOf('-->', lt) : t.indexOf('>', lt);
        if (fin === -1) {
          this.resto = t.slice(lt);
          return;
        }
        if (cdata) this.m.texto(escaparCdata(t.slice(lt + 9, fin)));
        i = fin + (cdata || t.startsWith('<!--', lt) ? 3 : 1);
        continue;
      }
      const fin = finDeEtiqueta(t, lt + 1);
      if (fin === -1) {
        this.resto = t.slice(lt);
        return;
      }
      i = fin + 1;
      if (c === 63 /* ? */) continue;
      if (c === 47 /* / */) {
        this.m.cerrar(sinPrefijo(t.slice(lt + 2, fin).trim()));
        continue;
      }
      const vacio = t.charCodeAt(fin - 1) === 47;
      const cuerpo = t.slice(lt + 1, vacio ? fin - 1 : fin);
      let k = 0;
      while (k < cuerpo.length && !esEspacio(cuerpo.charCodeAt(k))) k++;
      const nombre = sinPrefijo(cuerpo.slice(0, k));
      this.m.abrir(nombre, cuerpo.slice(k), vacio);
      if (vacio) this.m.cerrar(nombre);
    }
  }

  end(): void {
    if (this.resto && !this.resto.startsWith('<')) this.m.texto(this.resto);
    this.resto = '';
  }
}

const esEspacio = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function sinPrefijo(nombre: string): string {
  const dos = nombre.indexOf(':');
  return dos === -1 ? nombre : nombre.slice(dos + 1);
}

/** The closing '>' of a tag, skipping any '>' inside quoted attribute values. */
function finDeEtiqueta(t: string, desde: number): number {
  let comilla = 0;
  for (let i = desde; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (comilla) {
      if (c === comilla) comilla = 0;
    } else if (c === 34 || c === 39) comilla = c;
    else if (c === 62) return i;
  }
  return -1;
}

/** CDATA is literal text; re-escaped so handlers can treat every text the same way. */
const escaparCdata = (s: string) => s.replaceAll('&', '&amp;');

/** The value of one attribute in a tag's raw attribute text, entities decoded; undefined if absent. */
export function atributo(atributos: string, nombre: string): string | undefined {
  let desde = 0;
  for (;;) {
    const i = atributos.indexOf(nombre, desde);
    if (i === -1) return undefined;
    desde = i + nombre.length;
    const antes = i === 0 ? 32 : atributos.charCodeAt(i - 1);
    if (!esEspacio(antes) && antes !== 58 /* : */) continue;
    let j = desde;
    while (esEspacio(atributos.charCodeAt(j))) j++;
    if (atributos[j] !== '=') continue;
    j++;
    while (esEspacio(atributos.charCodeAt(j))) j++;
    const q = atributos[j];
    if (q !== '"' && q !== "'") continue;
    const fin = atributos.indexOf(q, j + 1);
    if (fin === -1) return undefined;
    return decodificarEntidades(atributos.slice(j + 1, fin));
  }
}
