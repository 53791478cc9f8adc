import { Card, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type Cliente, clienteCreateInput } from '@troncal/domain/schemas';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useEnvio } from '../../lib/envio';
import { trpc } from '../../lib/trpc';
import { type ErroresCampo, PieFormulario } from '../referencia/comun';
import { CamposContacto, contactoEnviado, contactoInicial } from '../referencia/contacto';
import { erroresDeEsquema, guardarRegistro, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

function ClienteForm({ inicial }: { inicial?: Cliente }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const envio = useEnvio();
  const crear = trpc.clientes.create.useMutation({ trpc: { context: envio.contexto } });
  const actualizar = trpc.clientes.update.useMutation();
  const [v, setV] = useState({ razon_social: inicial?.razon_social ?? '', ...contactoInicial(inicial) });
  const [errores, setErrores] = useState<ErroresCampo>({});
  const campo = (k: keyof typeof v) => ({
    value: v[k],
    onChange: (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value }),
    error: errores[k],
  });

  async function guardar(e: FormEvent) {
    e.preventDefault();
    const data = {
      razon_social: v.razon_social.trim(),
      ruc: v.ruc.trim(),
      ...contactoEnviado(v),
    };
    const errs = erroresDeEsquema(clienteCreateInput, data);
    setErrores(errs);
    if (Object.keys(errs).length > 0) return;
    await guardarRegistro({
      envio,
      entrada: data,
      guardar: () =>
        inicial ? actualizar.mutateAsync({ id: inicial.cliente_id, datos: data }) : crear.mutateAsync(data),
      invalidar: () => utils.clientes.invalidate(),
      mensaje: (p) => `Cliente "${p.razon_social}" ${inicial ? 'actualizado' : 'registrado'}.`,
      ruta: (p) => `/clientes/${p.cliente_id}`,
      navigate,
      setErrores,
      tituloError: 'No se pudo guardar el cliente',
    });
  }

  return (
    <>
      <PageHeader title={inicial ? `Editar cliente ${inicial.razon_social}` : 'Nuevo cliente'} />
      <Card withBorder padding="lg" maw={760}>
        <form onSubmit={guardar} noValidate aria-label={inicial ? 'Editar cliente' : 'Nuevo cliente'}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Razón social" required maxLength={200} {...campo('razon_social')} />
              <TextInput
                label="RUC"
                required
                inputMode="numeric"
                maxLength={11}
                description="11 dígitos; se verifica el dígito de control de SUNAT."
                {...campo('ruc')}
              />
              <CamposContacto
                campo={campo}
                estado={v.estado}
                onEstado={(estado) => setV({ ...v, estado })}
                errores={errores}
              />
            </SimpleGrid>
            <PieFormulario
              guardando={envio.bloqueado}
              cancelarA={inicial ? `/clientes/${inicial.cliente_id}` : '/clientes'}
            />
          </Stack>
        </form>
      </Card>
    </>
  );
}

export default function ClienteFormPage() {
  const { editando, id } = useRutaEdicion();
  const actual = trpc.clientes.byId.useQuery({ id: id ?? 0 }, { enabled: editando && id !== null });
  return (
    <VistaEdicion editando={editando} id={id} consulta={actual} cargando="Cargando cliente…">
      {(inicial) => <ClienteForm key={id} inicial={inicial} />}
    </VistaEdicion>
  );
}
