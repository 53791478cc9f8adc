import { Card, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { ESTADO_REGISTRO_LABELS, ESTADOS_REGISTRO, type EstadoRegistro } from '@troncal/domain/enums';
import { type Proveedor, proveedorCreateInput } from '@troncal/domain/schemas';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useEnvio } from '../../lib/envio';
import { trpc } from '../../lib/trpc';
import { type ErroresCampo, nulo, opciones, PieFormulario } from '../referencia/comun';
import { erroresDeEsquema, guardarRegistro, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

function ProveedorForm({ inicial }: { inicial?: Proveedor }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const envio = useEnvio();
  const crear = trpc.proveedores.create.useMutation({ trpc: { context: envio.contexto } });
  const actualizar = trpc.proveedores.update.useMutation();
  const [v, setV] = useState({
    nombre: inicial?.nombre ?? '',
    ruc: inicial?.ruc ?? '',
    estado: (inicial?.estado ?? 'ACTIVO') as EstadoRegistro,
    contacto: inicial?.contacto ?? '',
    telefono: inicial?.telefono ?? '',
    email: inicial?.email ?? '',
  });
  const [errores, setErrores] = useState<ErroresCampo>({});
  const campo = (k: keyof typeof v) => ({
    value: v[k],
    onChange: (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value }),
    error: errores[k],
  });

  async function guardar(e: FormEvent) {
    e.preventDefault();
    const data = {
      nombre: v.nombre.trim(),
      ruc: nulo(v.ruc),
      estado: v.estado,
      contacto: nulo(v.contacto),
      telefono: nulo(v.telefono),
      email: nulo(v.email),
    };
    const errs = erroresDeEsquema(proveedorCreateInput, data);
    setErrores(errs);
    if (Object.keys(errs).length > 0) return;
    await guardarRegistro({
      envio,
      entrada: data,
      guardar: () =>
        inicial ? actualizar.mutateAsync({ id: inicial.proveedor_id, datos: data }) : crear.mutateAsync(data),
      invalidar: () => utils.proveedores.invalidate(),
      mensaje: (p) => `Proveedor "${p.nombre}" ${inicial ? 'actualizado' : 'registrado'}.`,
      ruta: (p) => `/proveedores/${p.proveedor_id}`,
      navigate,
      setErrores,
      tituloError: 'No se pudo guardar el proveedor',
    });
  }

  return (
    <>
      <PageHeader title={inicial ? `Editar proveedor ${inicial.nombre}` : 'Nuevo proveedor'} />
      <Card withBorder padding="lg" maw={760}>
        <form onSubmit={guardar} noValidate aria-label={inicial ? 'Editar proveedor' : 'Nuevo proveedor'}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Nombre" required maxLength={120} {...campo('nombre')} />
              <TextInput label="RUC" inputMode="numeric" maxLength={11} {...campo('ruc')} />
              <TextInput label="Contacto" maxLength={200} {...campo('contacto')} />
              <TextInput label="Teléfono" type="tel" maxLength={50} {...campo('telefono')} />
              <TextInput label="Correo" type="email" maxLength={254} {...campo('email')} />
              <Select
                label="Estado"
                data={opciones(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS)}
                value={v.estado}
                onChange={(x) => x && setV({ ...v, estado: x as EstadoRegistro })}
                allowDeselect={false}
                error={errores.estado}
                description="Un proveedor inactivo no puede recibir servicios nuevos."
              />
            </SimpleGrid>
            <PieFormulario
              guardando={envio.bloqueado}
              cancelarA={inicial ? `/proveedores/${inicial.proveedor_id}` : '/proveedores'}
            />
          </Stack>
        </form>
      </Card>
    </>
  );
}

export default function ProveedorFormPage() {
  const { editando, id } = useRutaEdicion();
  const actual = trpc.proveedores.byId.useQuery({ id: id ?? 0 }, { enabled: editando && id !== null });
  return (
    <VistaEdicion editando={editando} id={id} consulta={actual} cargando="Cargando proveedor…">
      {(inicial) => <ProveedorForm key={id} inicial={inicial} />}
    </VistaEdicion>
  );
}
