/** Internal circuit ids: services are `ICP-<n>` (servicio_cid_seq), connections plain `<n>` (enlace_cid_seq). */
export const CID_SERVICIO_PREFIJO = 'ICP-';
/** The first connection CID, so new ones continue the legacy numbering. */
export const CID_ENLACE_INICIAL = 257001;

export const cidServicioDeNumero = (n: number): string => `${CID_SERVICIO_PREFIJO}${n}`;

/** 1045 for "ICP-1045" (any case, spaces tolerated); null for a manual CID outside the scheme. */
export function numeroDeCidServicio(cid: string): number | null {
  const m = /^\s*icp\s*-\s*(\d{1,15})\s*$/i.exec(cid);
  return m?.[1] ? Number(m[1]) : null;
}

export const cidEnlaceDeNumero = (n: number): string => String(n);

/** 257001 for "257001"; null for a manual CID that is not a plain number. */
export function numeroDeCidEnlace(cid: string): number | null {
  const m = /^\s*(\d{1,15})\s*$/.exec(cid);
  return m?.[1] ? Number(m[1]) : null;
}
