import { resolverActor } from '../seed/comun';
import { sembrarDemo } from '../seed/demo';
import { MAX_CONEXIONES_ESCALA, sembrarEscala } from '../seed/escala';
import { crearProgreso } from '../seed/progreso';
import { type CliCommand, CliUsageError } from './types';

const USO = 'db:seed --demo | --scale N [--as EMAIL] [--seed S]';
const fmt = new Intl.NumberFormat('es-PE');

function entero(valor: string | boolean | undefined, nombre: string, min: number, max: number): number | undefined {
  if (valor === undefined) return undefined;
  const texto = String(valor).replace(/[_.,\s]/g, '');
  const n = /^\d+$/.test(texto) ? Number(texto) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliUsageError(
      `--${nombre} debe ser un entero entre ${min} y ${fmt.format(max)}.\nUso: pnpm troncal ${USO}`,
    );
  }
  return n;
}

export const dbSeed: CliCommand = {
  description:
    'Carga datos: --demo (datos de demostración creíbles, por los servicios de la app) o --scale N (N conexiones, carga masiva). Solo en una base vacía.',
  usage: USO,
  options: {
    demo: { type: 'boolean' },
    scale: { type: 'string' },
    as: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(ctx, values) {
    const demo = values.demo === true;
    const escala = entero(values.scale, 'scale', 1, MAX_CONEXIONES_ESCALA);
    const semilla = entero(values.seed, 'seed', 0, 2 ** 32 - 1);
    if (demo === (escala !== undefined)) {
      throw new CliUsageError(`Indique --demo o --scale N (uno de los dos).\nUso: pnpm troncal ${USO}`);
    }
    const database = await ctx.database();
    const actor = await resolverActor(database.db, typeof values.as === 'string' ? values.as : undefined);
    ctx.info(actor.aviso);

    if (demo) {
      const r = await sembrarDemo(database.db, {
        actor: actor.user,
        politica: ctx.env.TRONCAL_SOBREVENTA,
        semilla,
        info: ctx.info,
      });
      if (r.yaCargado) {
        ctx.info('Los datos de demostración ya estaban cargados: no se cambió nada.');
        return;
      }
      ctx.info(
        `Datos de demostración cargados (${database.kind}): ${r.proveedores} proveedores, ${r.servicios} servicios, ` +
          `${r.clientes} clientes, ${r.nodos} nodos, ${r.equipos} equipos, ${r.conexiones} conexiones, ` +
          `${r.movimientos} movimientos de capacidad, en ${r.segundos.toFixed(1)} s.`,
      );
      return;
    }

    const r = await sembrarEscala(database, {
      conexiones: escala!,
      actor: actor.user,
      semilla,
      progreso: (total) => crearProgreso(total, 'filas'),
    });
    ctx.info(
      `Carga masiva (${database.kind}): ${fmt.format(r.conexiones)} conexiones, ${fmt.format(r.servicios)} servicios, ` +
        `${fmt.format(r.clientes)} clientes, ${fmt.format(r.nodos)} nodos, ${fmt.format(r.equipos)} equipos, ` +
        `${fmt.format(r.movimientos)} movimientos de capacidad (${fmt.format(r.filas)} filas) en ${r.segundos.toFixed(1)} s ` +
        `(${fmt.format(Math.round(r.filas / r.segundos))} filas/s).`,
    );
  },
};
