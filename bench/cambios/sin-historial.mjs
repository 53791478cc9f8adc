// `node --import ./sin-historial.mjs …`: the same server code with the change history swapped out, for
// the benchmark's "without history" figure only. Nothing in the server reads a flag or a variable
// for this: the module that writes history is replaced at load time by a no-op twin
// (sin-historial-registrar.ts), so production cannot turn history off.
import { register } from 'node:module';

register('./sin-historial-hooks.mjs', import.meta.url);
