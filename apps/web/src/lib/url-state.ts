import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/** Values a list page keeps in the URL. Arrays become repeated params (`?estado=A&estado=B`). */
export type UrlValue = string | number | boolean | string[];
export type UrlShape = Record<string, UrlValue>;

export interface SetUrlStateOptions {
  /** Replace the history entry instead of pushing one (use it while the user types). */
  replace?: boolean;
}

export type SetUrlState<T extends UrlShape> = (
  patch: Partial<T> | ((current: T) => Partial<T>),
  options?: SetUrlStateOptions,
) => void;

export interface UseUrlStateOptions {
  /**
   * The key that holds the page number. Any change that does not set it resets it, so a new search
   * or filter starts at page 1. `false` disables that. @default 'page'
   */
  pageKey?: string | false;
}

function parse(raw: URLSearchParams, key: string, fallback: UrlValue): UrlValue {
  if (Array.isArray(fallback)) {
    const all = raw.getAll(key).filter((v) => v !== '');
    return all.length > 0 ? all : fallback;
  }
  const value = raw.get(key);
  if (value === null) return fallback;
  switch (typeof fallback) {
    case 'number': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? n : fallback;
    }
    case 'boolean':
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      return fallback;
    default:
      return value;
  }
}

function sameValue(a: UrlValue, b: UrlValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}

/** Reads `defaults`' keys from the search params (exported for tests). */
export function readUrlState<T extends UrlShape>(params: URLSearchParams, defaults: T, pageKey: string | false): T {
  const state: UrlShape = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    let value = parse(params, key, fallback);
    if (key === pageKey && typeof value === 'number') value = Math.max(1, Math.trunc(value));
    state[key] = value;
  }
  return state as T;
}

/** The search params after applying `patch` (exported for tests). Unknown params are kept. */
export function applyUrlPatch<T extends UrlShape>(
  prev: URLSearchParams,
  defaults: T,
  patch: Partial<T>,
  pageKey: string | false,
): URLSearchParams {
  const current = readUrlState(prev, defaults, pageKey);
  const next = new URLSearchParams(prev);
  const keys = Object.keys(patch).filter((key) => key in defaults);
  const changesFilters = keys.some(
    (key) =>
      key !== pageKey && patch[key] !== undefined && !sameValue(patch[key] as UrlValue, current[key] as UrlValue),
  );
  if (pageKey && pageKey in defaults && changesFilters && !keys.includes(pageKey)) next.delete(pageKey);
  for (const key of keys) {
    const value = patch[key] as UrlValue | undefined;
    if (value === undefined || value === '' || sameValue(value, defaults[key] as UrlValue)) {
      next.delete(key);
    } else if (Array.isArray(value)) {
      next.delete(key);
      for (const item of value) next.append(key, item);
    } else {
      next.set(key, String(value)); // in place, so the URL keeps a stable order
    }
  }
  return next;
}

/**
 * State kept in the URL's search params, so a list's page, search and filters survive reloads, can be
 * shared as a link and follow the back button. Values equal to their default are left out of the URL;
 * params the hook does not know about are kept. Types follow the defaults: numbers, booleans, strings
 * and string arrays (repeated params).
 *
 * ```ts
 * const [filtros, setFiltros] = useUrlState({ page: 1, q: '', estado: '' });
 * setFiltros({ q: 'lima' }, { replace: true }); // also resets page to 1
 * setFiltros({ page: filtros.page + 1 });
 * ```
 */
export function useUrlState<T extends UrlShape>(
  defaults: T,
  options: UseUrlStateOptions = {},
): [state: T, setState: SetUrlState<T>, reset: () => void] {
  const pageKey = options.pageKey ?? 'page';
  const [searchParams, setSearchParams] = useSearchParams();
  // Callers usually pass an inline object: key the memos on its content, not its identity.
  const defaultsKey = JSON.stringify(defaults);
  const stableDefaults = useMemo(() => defaults, [defaultsKey]);

  const state = useMemo(
    () => readUrlState(searchParams, stableDefaults, pageKey),
    [searchParams, stableDefaults, pageKey],
  );

  const setState = useCallback<SetUrlState<T>>(
    (patchOrFn, setOptions) => {
      setSearchParams(
        (prev) => {
          const patch =
            typeof patchOrFn === 'function' ? patchOrFn(readUrlState(prev, stableDefaults, pageKey)) : patchOrFn;
          return applyUrlPatch(prev, stableDefaults, patch, pageKey);
        },
        { replace: setOptions?.replace ?? false },
      );
    },
    [setSearchParams, stableDefaults, pageKey],
  );

  const reset = useCallback(() => {
    setSearchParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const key of Object.keys(stableDefaults)) next.delete(key);
      return next;
    });
  }, [setSearchParams, stableDefaults]);

  return [state, setState, reset];
}
