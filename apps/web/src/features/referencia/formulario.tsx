import { zodIssues } from '@troncal/domain/schemas';
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import type { z } from 'zod';
import type { ConsultaRegistro } from '../../components/StateViews';
import type { Envio } from '../../lib/envio';
import { erroresDelServidor, porCampo } from '../../lib/errors';
import { notifyError, notifyOk } from '../../lib/notify';
import type { ErroresCampo } from './comun';
import { VistaDetalle } from './detalle';
import { idDeRuta } from './rutas';

/** `/x/crear` (nothing to load) or `/x/:id/editar` (the id, or null when the route's id is not one). */
export function useRutaEdicion(): { editando: boolean; id: number | null } {
  const params = useParams();
  return { editando: params.id !== undefined, id: idDeRuta(params.id) };
}

/**
 * The states around a reference form: a new record at once; when editing, 404 for an id that is
 * not one, "Cargando…" while the record loads, the error with "Reintentar", then the form with it.
 */
export function VistaEdicion<T>({
  editando,
  id,
  consulta,
  cargando,
  children,
}: {
  editando: boolean;
  id: number | null;
  consulta: ConsultaRegistro<T>;
  cargando: string;
  children: (inicial?: T) => ReactNode;
}) {
  if (!editando) return <>{children()}</>;
  return (
    <VistaDetalle id={id} consulta={consulta} cargando={cargando}>
      {children}
    </VistaDetalle>
  );
}

/**
 * A form's field rules are the domain's input schema (the one the server parses): the errors it
 * finds, keyed by field, or none.
 */
export function erroresDeEsquema(esquema: z.ZodType, datos: unknown): ErroresCampo {
  const r = esquema.safeParse(datos);
  return r.success ? {} : porCampo(zodIssues(r.error));
}

/**
 * A reference form's submit once its own checks passed: save, refresh the cached lists, say so and
 * open the record; a refusal puts the server's field errors on the fields and explains it. The
 * form's `envio` stays locked from the first click through the navigation (a second click on the
 * still-visible form would save twice); only a failure unlocks it.
 */
export async function guardarRegistro<R>(o: {
  envio: Pick<Envio, 'iniciar' | 'fallo'>;
  /** What is sent: the same body again after an unknown outcome reuses its Idempotency-Key. */
  entrada: unknown;
  guardar: () => Promise<R>;
  invalidar: () => Promise<unknown>;
  mensaje: (registro: R) => string;
  ruta: (registro: R) => string;
  navigate: (ruta: string) => void;
  setErrores: (errores: ErroresCampo) => void;
  tituloError: string;
}): Promise<void> {
  if (!o.envio.iniciar(o.entrada)) return;
  try {
    const registro = await o.guardar();
    await o.invalidar();
    notifyOk(o.mensaje(registro));
    o.navigate(o.ruta(registro));
  } catch (err) {
    o.envio.fallo(err);
    o.setErrores(erroresDelServidor(err));
    notifyError(err, o.tituloError);
  }
}
