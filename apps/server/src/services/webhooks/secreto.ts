import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** A new endpoint secret: shown once, the HMAC key of every signature (used as the UTF-8 string). */
export const nuevoSecreto = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** AES-256-GCM under the configured key, otherwise stored as is (`plano:`), so it can sign. */
export function guardarSecreto(secreto: string, clave: Buffer | undefined): string {
  if (!clave) return `plano:${secreto}`;
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', clave, iv);
  const cifrado = Buffer.concat([c.update(secreto, 'utf8'), c.final()]);
  return `v1:${Buffer.concat([iv, c.getAuthTag(), cifrado]).toString('base64url')}`;
}

export class ErrorSecreto extends Error {}

export function leerSecreto(guardado: string, clave: Buffer | undefined): string {
  if (guardado.startsWith('plano:')) return guardado.slice('plano:'.length);
  if (!guardado.startsWith('v1:')) throw new ErrorSecreto('Formato de secreto desconocido.');
  if (!clave) {
    throw new ErrorSecreto('El secreto está cifrado y el servidor no tiene TRONCAL_WEBHOOKS_CLAVE configurada.');
  }
  const b = Buffer.from(guardado.slice(3), 'base64url');
  const d = createDecipheriv('aes-256-gcm', clave, b.subarray(0, 12));
  d.setAuthTag(b.subarray(12, 28));
  try {
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  } catch {
    throw new ErrorSecreto('El secreto no se pudo descifrar con TRONCAL_WEBHOOKS_CLAVE (¿cambió la clave?).');
  }
}

/** `Troncal-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function firmar(secreto: string, cuerpo: string, t = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secreto).update(`${t}.${cuerpo}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
