import { useEffect, useState } from 'react';

/** One departamento, provincia or distrito as @troncal/domain/ubigeo returns it. */
export interface UbigeoItem {
  codigo: string;
  nombre: string;
}

type UbigeoModule = typeof import('@troncal/domain/ubigeo');

let cargado: UbigeoModule | null = null;
let enCurso: Promise<UbigeoModule> | null = null;

/**
 * Loads @troncal/domain/ubigeo on demand: its district table is a few hundred kB, so it is kept out
 * of the initial chunk and fetched the first time a ubigeo control renders.
 */
export function loadUbigeo(): Promise<UbigeoModule> {
  if (cargado) return Promise.resolve(cargado);
  if (!enCurso) {
    enCurso = import('@troncal/domain/ubigeo').then(
      (mod) => {
        cargado = mod;
        return mod;
      },
      (error: unknown) => {
        enCurso = null; // let the next render try again
        throw error;
      },
    );
  }
  return enCurso;
}

export interface UseUbigeoResult {
  ubigeo: UbigeoModule | null;
  error: unknown;
}

export function useUbigeo(): UseUbigeoResult {
  const [state, setState] = useState<UseUbigeoResult>(() => ({ ubigeo: cargado, error: null }));
  useEffect(() => {
    if (state.ubigeo) return;
    let vigente = true;
    loadUbigeo().then(
      (ubigeo) => vigente && setState({ ubigeo, error: null }),
      (error: unknown) => vigente && setState({ ubigeo: null, error }),
    );
    return () => {
      vigente = false;
    };
  }, [state.ubigeo]);
  return state;
}

/** Lower case without accents, so "canete" finds "Cañete" and "ANCASH" finds "Áncash". */
export function normalizarTexto(texto: string): string {
  return texto
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** Finds an item by its code or (accent- and case-insensitive) name. */
export function buscarUbigeo(
  items: readonly UbigeoItem[],
  codigoONombre: string | null | undefined,
): UbigeoItem | null {
  if (!codigoONombre) return null;
  const porCodigo = items.find((item) => item.codigo === codigoONombre);
  if (porCodigo) return porCodigo;
  const buscado = normalizarTexto(codigoONombre);
  return items.find((item) => normalizarTexto(item.nombre) === buscado) ?? null;
}
