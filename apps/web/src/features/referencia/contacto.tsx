import { Table, TextInput } from '@mantine/core';
import { ESTADO_REGISTRO_LABELS, ESTADOS_REGISTRO, type EstadoRegistro } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { SIN_DATO } from '../../lib/format';
import type { Catalogo } from './catalogos';
import { EnlaceDetalle, nulo, opciones, SelectEstado } from './comun';
import type { VistaRegistro } from './detalle';
import { PaginaLista, type PaginaListaProps } from './lista';

/** What clientes and proveedores both hold besides their name: RUC, contact, phone, email, estado. */
export interface Contacto {
  ruc: string | null;
  estado: EstadoRegistro;
  contacto: string | null;
  telefono: string | null;
  email: string | null;
}

/** The form's contact values: what is stored, or blank (ACTIVO) for a new record. */
export const contactoInicial = (r?: Contacto) => ({
  ruc: r?.ruc ?? '',
  estado: r?.estado ?? ('ACTIVO' as EstadoRegistro),
  contacto: r?.contacto ?? '',
  telefono: r?.telefono ?? '',
  email: r?.email ?? '',
});

/** The contact fields as the API takes them: blank is null. */
export const contactoEnviado = (v: ReturnType<typeof contactoInicial>) => ({
  estado: v.estado,
  contacto: nulo(v.contacto),
  telefono: nulo(v.telefono),
  email: nulo(v.email),
});

/** A cliente's or proveedor's detail page: its name, then RUC, Estado, Contacto, Teléfono and Correo. */
export const vistaContacto = (
  catalogo: Catalogo,
  r: Contacto,
  [id, nombre]: [id: number, nombre: string],
  descripcion: string,
): VistaRegistro => ({
  id,
  titulo: nombre,
  estado: <EstadoPill estado={r.estado} label={ESTADO_REGISTRO_LABELS[r.estado]} size="lg" />,
  descripcion,
  datos: [
    { label: catalogo.etiquetaNombre, value: nombre },
    { label: 'RUC', value: r.ruc },
    { label: 'Estado', value: ESTADO_REGISTRO_LABELS[r.estado] },
    { label: 'Contacto', value: r.contacto },
    { label: 'Teléfono', value: r.telefono },
    { label: 'Correo', value: r.email },
  ],
});

/** The filter of a clientes or proveedores list: its estado. */
export const FILTROS_CONTACTO = { estado: ESTADOS_REGISTRO } as const;

/** The list page of clientes or proveedores: the name (linked), the contact columns, filtered by estado. */
export function ListaContactos<T extends Contacto>({
  registro,
  ...p
}: Omit<PaginaListaProps<T>, 'desplegables' | 'columnas' | 'fila'> & {
  /** A row's id and name. */
  registro: (r: T) => [id: number, nombre: string];
}) {
  return (
    <PaginaLista
      {...p}
      desplegables={[{ clave: 'estado', label: 'Estado', data: opciones(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS) }]}
      columnas={[p.catalogo.etiquetaNombre, 'RUC', 'Contacto', 'Teléfono', 'Correo', 'Estado']}
      fila={(r) => {
        const [id, nombre] = registro(r);
        return (
          <Table.Tr key={id}>
            <Table.Td>
              <EnlaceDetalle to={`${p.catalogo.ruta}/${id}`}>{nombre}</EnlaceDetalle>
            </Table.Td>
            <CeldasContacto r={r} />
          </Table.Tr>
        );
      }}
    />
  );
}

/** The list row's cells after the name: RUC, Contacto, Teléfono, Correo, Estado. */
function CeldasContacto({ r }: { r: Contacto }) {
  return (
    <>
      <Table.Td>{r.ruc ?? SIN_DATO}</Table.Td>
      <Table.Td>{r.contacto ?? SIN_DATO}</Table.Td>
      <Table.Td>{r.telefono ?? SIN_DATO}</Table.Td>
      <Table.Td>{r.email ?? SIN_DATO}</Table.Td>
      <Table.Td>
        <EstadoPill estado={r.estado} label={ESTADO_REGISTRO_LABELS[r.estado]} />
      </Table.Td>
    </>
  );
}

type Campo = (k: 'contacto' | 'telefono' | 'email') => {
  value: string;
  onChange: (e: { currentTarget: { value: string } }) => void;
  error: string | undefined;
};

/** Contacto, Teléfono, Correo and Estado of the form. */
export function CamposContacto({
  campo,
  estado,
  descripcionEstado,
}: {
  campo: Campo;
  /** The form's Estado, bound like a Select (`f.seleccion('estado')`). */
  estado: { value: EstadoRegistro; onChange: (estado: EstadoRegistro) => void; error: string | undefined };
  descripcionEstado?: string;
}) {
  return (
    <>
      <TextInput label="Contacto" maxLength={200} {...campo('contacto')} />
      <TextInput label="Teléfono" type="tel" maxLength={50} {...campo('telefono')} />
      <TextInput label="Correo" type="email" maxLength={254} {...campo('email')} />
      <SelectEstado
        valores={ESTADOS_REGISTRO}
        etiquetas={ESTADO_REGISTRO_LABELS}
        {...estado}
        description={descripcionEstado}
      />
    </>
  );
}
