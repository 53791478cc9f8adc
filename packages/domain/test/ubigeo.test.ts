import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors.js';
import {
  buscarDepartamento,
  buscarDistrito,
  buscarDistritos,
  buscarPorCodigo,
  buscarProvincia,
  crearCatalogoUbigeo,
  departamentos,
  distritos,
  etiquetaUbigeo,
  existeUbigeo,
  normalizar,
  provincias,
} from '../src/ubigeo/index.js';

const require = createRequire(import.meta.url);
const paquete = (archivo: string): Map<string, string> => require(`ubigeos/dist/data/${archivo}`).default;

describe('ubigeo', () => {
  it('has the 25 departamentos, sorted by name in Spanish', () => {
    const deps = departamentos();
    expect(deps).toHaveLength(25);
    expect(deps[0]).toEqual({ codigo: '01', nombre: 'Amazonas' });
    expect(deps[1]).toEqual({ codigo: '02', nombre: 'Áncash' });
    expect(deps.at(-1)).toEqual({ codigo: '25', nombre: 'Ucayali' });
    const nombres = deps.map((d) => d.nombre);
    expect([...nombres].sort(new Intl.Collator('es').compare)).toEqual(nombres);
  });

  it('has 196 provincias; Lima (15) has 10', () => {
    const total = departamentos().reduce((acc, d) => acc + provincias(d.codigo).length, 0);
    expect(total).toBe(196);
    expect(provincias('15')).toHaveLength(10);
    expect(provincias('15').map((p) => p.codigo)).toContain('1501');
  });

  it('resolves departamentos by name regardless of case and accents', () => {
    for (const n of ['lima', 'LIMA', 'Límá', '  Lima ']) {
      expect(buscarDepartamento(n)).toEqual({ codigo: '15', nombre: 'Lima' });
      expect(provincias(n)).toHaveLength(10);
    }
    expect(buscarDepartamento('ancash')).toEqual({ codigo: '02', nombre: 'Áncash' });
    expect(buscarDepartamento('Atlantis')).toBeNull();
    expect(provincias('Atlantis')).toEqual([]);
    expect(provincias('99')).toEqual([]);
  });

  it('Miraflores is a distrito of provincia Lima (1501)', () => {
    expect(distritos('1501')).toContainEqual({ codigo: '150122', nombre: 'Miraflores' });
    expect(distritos('Lima', 'Lima')).toContainEqual({ codigo: '150122', nombre: 'Miraflores' });
    expect(distritos('lima')).toContainEqual({ codigo: '150122', nombre: 'Miraflores' });
    expect(buscarDistrito('miraflores', 'Lima')).toEqual({ codigo: '150122', nombre: 'Miraflores' });
    expect(buscarDistrito('miraflores', '1501')).toEqual({ codigo: '150122', nombre: 'Miraflores' });
  });

  it('an ambiguous distrito name needs its provincia', () => {
    expect(buscarDistrito('Miraflores')).toBeNull();
    expect(buscarDistritos('Miraflores').map((d) => d.codigo)).toEqual(['040110', '100506', '150122', '151021']);
    expect(buscarDistritos('Miraflores', 'Yauyos')).toEqual([{ codigo: '151021', nombre: 'Miraflores' }]);
  });

  it('distritos() refuses a provincia name shared by several departamentos unless given one', () => {
    // INEI has no such name today, so exercise the rule on a small synthetic catalogue.
    const c = crearCatalogoUbigeo({
      departamentos: new Map([
        ['01', 'Norte'],
        ['02', 'Sur'],
      ]),
      provincias: new Map([
        ['0101', 'Santa Rosa'],
        ['0201', 'Santa Rosa'],
      ]),
      distritos: new Map([
        ['010101', 'Alfa'],
        ['020101', 'Beta'],
      ]),
    });
    expect(() => c.distritos('santa rosa')).toThrow(DomainError);
    expect(() => c.distritos('santa rosa')).toThrow(
      'La provincia "santa rosa" existe en más de un departamento; indique el departamento.',
    );
    expect(c.distritos('Santa Rosa', 'Sur')).toEqual([{ codigo: '020101', nombre: 'Beta' }]);
    expect(c.distritos('Santa Rosa', '01')).toEqual([{ codigo: '010101', nombre: 'Alfa' }]);
    expect(c.distritos('0201')).toEqual([{ codigo: '020101', nombre: 'Beta' }]);
    expect(c.buscarProvincia('Santa Rosa')).toBeNull();
    expect(c.buscarProvincias('Santa Rosa')).toHaveLength(2);
    expect(c.buscarProvincia('Santa Rosa', 'norte')).toEqual({ codigo: '0101', nombre: 'Santa Rosa' });
    expect(c.buscarDistrito('beta', 'Santa Rosa')).toEqual({ codigo: '020101', nombre: 'Beta' });
    expect(distritos('Nowhere')).toEqual([]);
  });

  it('has as many distritos as the package', () => {
    const total = departamentos()
      .flatMap((d) => provincias(d.codigo))
      .reduce((acc, p) => acc + distritos(p.codigo).length, 0);
    expect(total).toBe(paquete('district.data.js').size);
    expect(total).toBe(1867);
    expect(paquete('province.data.js').size).toBe(196);
  });

  it('buscarPorCodigo resolves 2, 4 and 6 digit codes to names', () => {
    expect(buscarPorCodigo('15')).toEqual({ codigo: '15', departamento: 'Lima' });
    expect(buscarPorCodigo('1501')).toEqual({ codigo: '1501', departamento: 'Lima', provincia: 'Lima' });
    expect(buscarPorCodigo('150122')).toEqual({
      codigo: '150122',
      departamento: 'Lima',
      provincia: 'Lima',
      distrito: 'Miraflores',
    });
    expect(buscarPorCodigo('250107')?.distrito).toBe('Manantay');
    expect(buscarPorCodigo('159999')).toBeNull();
    expect(buscarPorCodigo('1')).toBeNull();
    expect(buscarPorCodigo('abc')).toBeNull();
    expect(existeUbigeo('0701')).toBe(true);
    expect(existeUbigeo('99')).toBe(false);
    expect(etiquetaUbigeo('150122')).toBe('Lima / Lima / Miraflores');
  });

  it('buscarProvincia accepts the names people type', () => {
    expect(buscarProvincia('callao')).toEqual({ codigo: '0701', nombre: 'Prov. Const. del Callao' });
    expect(buscarProvincia('Huarochiri', 'lima')).toEqual({ codigo: '1507', nombre: 'Huarochirí' });
    expect(buscarProvincia('Huarochiri', 'Cusco')).toBeNull();
    expect(buscarProvincia('1501')).toEqual({ codigo: '1501', nombre: 'Lima' });
    expect(buscarDistrito('anco huallo')?.nombre).toBe('Anco_Huallo');
  });

  it('normalizar strips accents, lowercases and trims', () => {
    expect(normalizar('  Límá  ')).toBe('lima');
    expect(normalizar('ÁNCASH')).toBe('ancash');
    expect(normalizar('San   Martín')).toBe('san martin');
  });

  it('returns copies, so callers cannot corrupt the data', () => {
    const deps = departamentos();
    (deps[0] as { nombre: string }).nombre = 'X';
    deps.pop();
    expect(departamentos()).toHaveLength(25);
    expect(departamentos()[0]?.nombre).toBe('Amazonas');
  });
});
