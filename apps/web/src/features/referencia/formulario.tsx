import { Card, Stack } from '@mantine/core';
import { zodIssues } from '@troncal/domain/schemas';
import { type ComponentType, type FormEvent, type ReactNode, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { PageHeader } from '../../components/PageHeader';
import { type ConsultaRegistro, LoadingState } from '../../components/StateViews';
import { type ContextoIdempotente, type Envio, useEnvio } from '../../lib/envio';
import { erroresDelServidor, porCampo } from '../../lib/errors';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import type { Catalogo } from './catalogos';
import { type ErroresCampo, PieFormulario } from './comun';
import { type LecturaPorId, VistaDetalle } from './detalle';
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
  espera = false,
  children,
}: {
  editando: boolean;
  id: number | null;
  consulta: ConsultaRegistro<T>;
  cargando: string;
  /** A new record waits for this first (the next code its sequence offers). */
  espera?: boolean;
  children: (inicial?: T) => ReactNode;
}) {
  if (!editando) return espera ? <LoadingState /> : children();
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
async function guardarRegistro<R>(o: {
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

/**
 * A form whose new record gets a suggested code (CID): the stored record when editing (the form is
 * mounted with `key={id}` and starts from it), and the next code the sequence offers.
 */
export interface FormularioConCidProps<T> {
  actual?: T | undefined;
  cidSugerido: string | null;
}

/** A catalogue's create and update procedures (`trpc.nodos`), as its form calls them. */
export interface EscrituraCatalogo<D, R> {
  create: { useMutation: (o: { trpc: { context: ContextoIdempotente } }) => { mutateAsync: (datos: D) => Promise<R> } };
  update: { useMutation: () => { mutateAsync: (cambio: { id: number; datos: D }) => Promise<R> } };
}

/**
 * How a record is found and named: its id, the name a title gives it ("Editar nodo Core Lima"),
 * and the one a message gives it (by default `Nodo "Core Lima"`).
 */
export type IdentidadRegistro<R> = (registro: R) => [id: number, titulo: string, enMensaje?: string];

const mayuscula = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A catalogue form's state: its values, the field errors (its own checks and the server's), the
 * create's Idempotency-Key, and the submit's two steps (`validar`, then `guardar`).
 */
export function useFormularioReferencia<V extends Record<string, unknown>, D, I, R extends I>(
  catalogo: Catalogo,
  escritura: EscrituraCatalogo<D, R>,
  /** The record edited; undefined for a new one. */
  inicial: I | undefined,
  identidad: IdentidadRegistro<I>,
  valores: V,
) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const envio = useEnvio();
  const crear = escritura.create.useMutation({ trpc: { context: envio.contexto } });
  const actualizar = escritura.update.useMutation();
  const [v, setV] = useState(valores);
  const [errores, setErrores] = useState<ErroresCampo>({});
  const editado = inicial && identidad(inicial);
  const enMensaje = (r: R) => {
    const [, titulo, nombre] = identidad(r);
    return nombre ?? `${mayuscula(catalogo.singular)} "${titulo}"`;
  };
  const poner = <K extends keyof V>(k: K, valor: V[K]) => setV({ ...v, [k]: valor });
  return {
    v,
    /** Sets one value (a Select's, a checkbox's). */
    poner,
    errores,
    envio,
    /** A text input bound to `v[k]`: its value, onChange and the field's error. */
    campo: (k: keyof V & string) => ({
      value: String(v[k] ?? ''),
      onChange: (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value }),
      error: errores[k],
    }),
    /** A Select bound to `v[k]`: its value, onChange and the field's error. */
    seleccion: <K extends keyof V & string>(k: K) => ({
      value: v[k],
      onChange: (valor: V[K]) => poner(k, valor),
      error: errores[k],
    }),
    /** The form's own checks (the domain's input schema, plus `extra`) on the fields; true when none failed. */
    validar: (esquema: z.ZodType, datos: unknown, extra: ErroresCampo = {}) => {
      const errs = { ...erroresDeEsquema(esquema, datos), ...extra };
      setErrores(errs);
      return Object.keys(errs).length === 0;
    },
    /** What `MarcoFormulario` needs besides `onGuardar`: the catalogue, the record edited, the lock. */
    marco: { catalogo, editando: editado ? { id: editado[0], nombre: editado[1] } : null, guardando: envio.bloqueado },
    /** Saves `datos` (create, or update of the record edited), then says so and opens the record. */
    guardar: (datos: D) =>
      guardarRegistro({
        envio,
        entrada: datos,
        guardar: () => (editado ? actualizar.mutateAsync({ id: editado[0], datos }) : crear.mutateAsync(datos)),
        invalidar: () => utils[catalogo.plural].invalidate(),
        mensaje: (r) => `${enMensaje(r)} ${editado ? 'actualizado' : 'registrado'}.`,
        ruta: (r) => `${catalogo.ruta}/${identidad(r)[0]}`,
        navigate,
        setErrores,
        tituloError: `No se pudo guardar el ${catalogo.singular}`,
      }),
  };
}

/** A catalogue's form page (`/nodos/nuevo`, `/nodos/:id/editar`): the form, mounted per record with the one it edits. */
export function PaginaFormulario<T>({
  catalogo,
  porId,
  Formulario,
}: {
  catalogo: Catalogo;
  porId: LecturaPorId<T>;
  Formulario: ComponentType<{ inicial?: T }>;
}) {
  const ruta = useRutaEdicion();
  const consulta = porId.useQuery({ id: ruta.id ?? 0 }, { enabled: ruta.editando && ruta.id !== null });
  return (
    <VistaEdicion {...ruta} consulta={consulta} cargando={`Cargando ${catalogo.singular}…`}>
      {(inicial) => <Formulario key={ruta.id} inicial={inicial} />}
    </VistaEdicion>
  );
}

/** A catalogue form's page: "Nuevo nodo" or "Editar nodo …", the card with the fields, Guardar and Cancelar. */
export function MarcoFormulario({
  catalogo,
  editando,
  onGuardar,
  guardando,
  children,
}: {
  catalogo: Catalogo;
  /** The record being edited (its id, and its name for the title), or null for a new one. */
  editando: { id: number; nombre: string } | null;
  onGuardar: () => void;
  guardando: boolean;
  children: ReactNode;
}) {
  const accion = editando ? `Editar ${catalogo.singular}` : `Nuevo ${catalogo.singular}`;
  const enviar = (e: FormEvent) => {
    e.preventDefault();
    onGuardar();
  };
  return (
    <>
      <PageHeader title={editando ? `${accion} ${editando.nombre}` : accion} />
      <Card withBorder padding="lg" maw={760}>
        <form onSubmit={enviar} noValidate aria-label={accion}>
          <Stack gap="md">
            {children}
            <PieFormulario
              guardando={guardando}
              cancelarA={editando ? `${catalogo.ruta}/${editando.id}` : catalogo.ruta}
            />
          </Stack>
        </form>
      </Card>
    </>
  );
}
