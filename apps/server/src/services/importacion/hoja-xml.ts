import { decodificarEntidades, desescaparOoxml, indiceColumna } from '../exportacion/xml';

/**
 * Scanners for the two big parts of an XLSX, fed decoded text chunk by chunk. A general XML
 * tokenizer spent most of the read on `<is>`, `<t>` and `</c>` events; these jump from one `<c>`
 * to its `</c>` with indexOf and read the value with a regex (4 s → ~1 s of CPU for 2M cells).
 * Element names may carry a namespace prefix ("x:c"), which some producers write.
 */

const esEspacio = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The closing '>' of a tag, skipping any '>' inside quoted attribute values. */
export function finDeEtiqueta(t: string, desde: number): number {
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

const FONETICA = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const RUN_T = /<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

const sinCdata = (s: string) =>
  s.includes('<![CDATA[') ? s.replace(CDATA, (_, x: string) => x.replaceAll('&', '&amp;').replaceAll('<', '&lt;')) : s;

/** Text of `<si>`/`<is>` content: every `<t>` except phonetic runs (`<rPh>`), decoded. */
export function textoEnriquecido(interior: string): string {
  let s = sinCdata(interior);
  if (s.includes('rPh')) s = s.replace(FONETICA, '');
  let out = '';
  for (const m of s.matchAll(RUN_T)) out += m[1];
  return desescaparOoxml(decodificarEntidades(out));
}

const VALOR = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/;

export interface CeldaCruda {
  columna: number;
  tipo: string;
  estilo: number;
  /** `<v>` text, decoded; for inline strings, their text. */
  valor: string;
}

/** Calls `alFila` with each `<row>` of a worksheet and stops at `</sheetData>`. */
export class EscanerHoja {
  private resto = '';
  private fila = 0;
  private celdas: CeldaCruda[] = [];
  private col = -1;
  private abierta = false;
  terminado = false;

  constructor(private readonly alFila: (numero: number, celdas: CeldaCruda[]) => void) {}

  push(trozo: string): void {
    if (this.terminado) return;
    const t = this.resto ? this.resto + trozo : trozo;
    this.resto = '';
    let i = 0;
    for (;;) {
      const lt = t.indexOf('<', i);
      if (lt === -1) return;
      const fin = finDeEtiqueta(t, lt + 1);
      if (fin === -1) {
        this.resto = t.slice(lt);
        return;
      }
      let k = lt + 1;
      const cierre = t.charCodeAt(k) === 47;
      if (cierre) k++;
      let n = k;
      while (n < fin && !esEspacio(t.charCodeAt(n)) && t.charCodeAt(n) !== 47) n++;
      const nombreCompleto = t.slice(k, n);
      const dos = nombreCompleto.indexOf(':');
      const nombre = dos === -1 ? nombreCompleto : nombreCompleto.slice(dos + 1);
      const vacio = t.charCodeAt(fin - 1) === 47;
      i = fin + 1;
      if (cierre) {
        if (nombre === 'row') this.cerrarFila();
        else if (nombre === 'sheetData') {
          this.terminado = true;
          return;
        }
        continue;
      }
      if (nombre === 'row') {
        this.cerrarFila();
        this.fila = Number(atributo(t.slice(n, fin), 'r')) || this.fila + 1;
        this.col = -1;
        this.abierta = true;
        if (vacio) this.cerrarFila();
      } else if (nombre === 'c') {
        const atributos = t.slice(n, vacio ? fin - 1 : fin);
        let interior = '';
        if (!vacio) {
          const cierreC = `</${nombreCompleto}>`;
          const finC = t.indexOf(cierreC, i);
          if (finC === -1) {
            this.resto = t.slice(lt);
            return;
          }
          interior = t.slice(i, finC);
          i = finC + cierreC.length;
        }
        this.celda(atributos, interior);
      }
    }
  }

  private celda(atributos: string, interior: string): void {
    const ref = atributo(atributos, 'r');
    this.col = ref ? indiceColumna(ref) : this.col + 1;
    const tipo = atributo(atributos, 't') ?? 'n';
    const estilo = Number(atributo(atributos, 's') ?? 0);
    let valor = '';
    if (tipo === 'inlineStr') valor = textoEnriquecido(interior);
    else if (interior) {
      const m = VALOR.exec(sinCdata(interior));
      if (m) valor = decodificarEntidades(m[1] ?? '');
    }
    if (this.col >= 0 && this.col < 16_384) this.celdas.push({ columna: this.col, tipo, estilo, valor });
  }

  private cerrarFila(): void {
    if (!this.abierta) return;
    this.abierta = false;
    this.alFila(this.fila, this.celdas);
    this.celdas = [];
  }

  end(): void {
    if (!this.terminado) this.cerrarFila();
  }
}

/** Collects the shared-string table: one entry per `<si>`. */
export class EscanerCompartidas {
  private resto = '';
  readonly lista: string[] = [];

  push(trozo: string): void {
    const t = this.resto ? this.resto + trozo : trozo;
    const re = /<(?:\w+:)?si\b[^>]*?(\/)?>/g;
    let i = 0;
    for (;;) {
      re.lastIndex = i;
      const m = re.exec(t);
      if (!m) {
        // Keep a tail that may hold the start of the next "<si".
        const lt = t.lastIndexOf('<');
        this.resto = lt >= i ? t.slice(lt) : '';
        return;
      }
      if (m[1]) {
        this.lista.push('');
        i = m.index + m[0].length;
        continue;
      }
      const fin = /<\/(?:\w+:)?si>/g;
      fin.lastIndex = m.index + m[0].length;
      const f = fin.exec(t);
      if (!f) {
        this.resto = t.slice(m.index);
        return;
      }
      this.lista.push(textoEnriquecido(t.slice(m.index + m[0].length, f.index)));
      i = f.index + f[0].length;
    }
  }
}
