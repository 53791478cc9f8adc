// A stand-in for the server in monitoreo-proceso.test.ts: starts one manual cycle on
// DATABASE_URL against TRONCAL_PROMETHEUS_URL, as the server does (in the cycle's child process),
// and waits for it. The test kills this process midway.
import { connectPostgres } from '../../src/db/client';
import { loadEnv } from '../../src/env';
import { depsCiclo } from '../../src/services/monitoreo/entorno';
import { sincronizar } from '../../src/services/monitoreo/sincronizar';

const env = loadEnv(process.env);
const database = connectPostgres(env.DATABASE_URL as string, { max: 2 });
const r = await sincronizar(depsCiclo(database.db, database.kind, env), { origen: 'manual' });
console.log(JSON.stringify(r));
await database.close();
