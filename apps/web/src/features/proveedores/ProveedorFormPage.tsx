import { Card, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type Proveedor, proveedorCreateInput } from '@troncal/domain/schemas';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useEnvio } from '../../lib/envio';
import { trpc } from '../../lib/trpc';
import { type ErroresCampo, nulo, PieFormulario } from '../referencia/comun';
import { CamposContacto, contactoEnviado, contactoInicial } from '../referencia/contacto';
import { erroresDeEsquema, guardarRegistro, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

function ProveedorForm({ inicial }: { inicial?: Proveedor }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const envio = useEnvio();
  const crear = trpc.proveedores.create.useMutation({ trpc: { context: envio.contexto } });
  const actualizar = trpc.proveedores.update.useMutation();
  const [v, setV] = useState({ nombre: inicial?.nombre ?? '', ...contactoInicial(inicial) });
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
      ...contactoEnviado(v),
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
              <CamposContacto
                campo={campo}
                estado={v.estado}
                onEstado={(estado) => setV({ ...v, estado })}
                errores={errores}
                descripcionEstado="Un proveedor inactivo no puede recibir servicios nuevos."
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
