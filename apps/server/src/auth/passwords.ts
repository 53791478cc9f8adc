import { type Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with OWASP's baseline cost (19 MiB, 2 passes): memory-hard, ~30 ms per hash here. The
 * parameters travel inside each PHC string, so raising them later still verifies old hashes.
 */
const OPCIONES = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPCIONES);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash (e.g. a placeholder row) is a failed login, not a 500.
    return false;
  }
}

// A real hash of a random value, computed once per process: verifying against it when the email does not
// exist costs the same time as a real check, so response times do not reveal which accounts exist.
let dummy: Promise<string> | undefined;
export async function verifyDummyPassword(password: string): Promise<false> {
  dummy ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  await verifyPassword(await dummy, password);
  return false;
}
