import dns from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Where deliveries may go (TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS, TRONCAL_WEBHOOKS_HOSTS). */
export interface PoliticaDestinos {
  privados: 'denegar' | 'permitir';
  /** Empty: any host. `*.isp.pe` matches every subdomain of isp.pe. */
  hosts: string[];
}

export const politicaDestinos = (env: {
  TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'denegar' | 'permitir';
  TRONCAL_WEBHOOKS_HOSTS: string[];
}): PoliticaDestinos => ({ privados: env.TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS, hosts: env.TRONCAL_WEBHOOKS_HOSTS });

/** Loopback, private, shared, link-local, documentation, multicast and reserved ranges (IPv4 and IPv6). */
const noPublicas = new BlockList();
for (const [red, prefijo] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  noPublicas.addSubnet(red, prefijo, 'ipv4');
}
for (const [red, prefijo] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const) {
  noPublicas.addSubnet(red, prefijo, 'ipv6');
}

/** An address no public receiver has (IPv4-mapped IPv6 is judged as its IPv4). */
export function esDireccionPrivada(ip: string): boolean {
  const mapeada = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapeada) return noPublicas.check(mapeada, 'ipv4');
  const familia = isIP(ip);
  if (familia === 0) return true;
  return noPublicas.check(ip, familia === 4 ? 'ipv4' : 'ipv6');
}

const hostDe = (u: URL) => u.hostname.replace(/^\[|\]$/g, '').toLowerCase();

function hostPermitido(host: string, hosts: string[]): boolean {
  if (hosts.length === 0) return true;
  return hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h));
}

/**
 * Why a URL may not be a target under the policy, or null. Checked when an endpoint is saved and
 * again before every attempt; a host name's addresses are checked when it is resolved (below), so
 * a name that points at a private address later is refused too.
 */
export function motivoDestinoNoPermitido(url: string, p: PoliticaDestinos): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'La URL no es válida.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'La URL debe empezar por http:// o https://.';
  const host = hostDe(u);
  if (!hostPermitido(host, p.hosts)) {
    return `El host ${host} no está entre los destinos permitidos (TRONCAL_WEBHOOKS_HOSTS).`;
  }
  if (
    p.privados === 'denegar' &&
    (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && esDireccionPrivada(host)))
  ) {
    return `El destino ${host} es una dirección local o privada; este servidor no las permite (TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS=denegar).`;
  }
  return null;
}

type Callback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * dns.lookup for the HTTP client that drops non-public addresses when they are denied: the check is
 * on the address actually connected to, so DNS rebinding cannot reach an internal service.
 */
export function lookupFiltrado(p: PoliticaDestinos) {
  return (hostname: string, opciones: dns.LookupOptions, cb: Callback) => {
    dns.lookup(hostname, { ...opciones, all: true }, (err, direcciones) => {
      if (err) return cb(err, '');
      const validas =
        p.privados === 'permitir' ? direcciones : direcciones.filter((d) => !esDireccionPrivada(d.address));
      if (validas.length === 0) {
        const e: NodeJS.ErrnoException = new Error(
          `${hostname} resuelve a una dirección local o privada; este servidor no las permite.`,
        );
        e.code = 'EDESTINOPRIVADO';
        return cb(e, '');
      }
      if (opciones.all) return cb(null, validas);
      const [primera] = validas;
      return cb(null, primera?.address ?? '', primera?.family);
    });
  };
}
