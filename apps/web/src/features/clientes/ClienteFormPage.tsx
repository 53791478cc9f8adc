import { SimpleGrid, TextInput } from '@mantine/core';
import { type Cliente, clienteCreateInput } from '@troncal/domain/schemas';
import { trpc } from '../../lib/trpc';
import { CLIENTES } from '../referencia/catalogos';
import { CamposContacto, contactoEnviado, contactoInicial } from '../referencia/contacto';
import { MarcoFormulario, useFormularioReferencia, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

function ClienteForm({ inicial }: { inicial?: Cliente }) {
  const utils = trpc.useUtils();
  const f = useFormularioReferencia(CLIENTES, Boolean(inicial), {
    razon_social: inicial?.razon_social ?? '',
    ...contactoInicial(inicial),
  });
  const crear = trpc.clientes.create.useMutation({ trpc: { context: f.envio.contexto } });
  const actualizar = trpc.clientes.update.useMutation();

  async function guardar() {
    const data = { razon_social: f.v.razon_social.trim(), ruc: f.v.ruc.trim(), ...contactoEnviado(f.v) };
    if (!f.validar(clienteCreateInput, data)) return;
    await f.guardar({
      entrada: data,
      enviar: () =>
        inicial ? actualizar.mutateAsync({ id: inicial.cliente_id, datos: data }) : crear.mutateAsync(data),
      invalidar: () => utils.clientes.invalidate(),
      id: (c) => c.cliente_id,
      nombre: (c) => `Cliente "${c.razon_social}"`,
    });
  }

  return (
    <MarcoFormulario
      catalogo={CLIENTES}
      editando={inicial ? { id: inicial.cliente_id, nombre: inicial.razon_social } : null}
      onGuardar={guardar}
      guardando={f.envio.bloqueado}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Razón social" required maxLength={200} {...f.campo('razon_social')} />
        <TextInput
          label="RUC"
          required
          inputMode="numeric"
          maxLength={11}
          description="11 dígitos; se verifica el dígito de control de SUNAT."
          {...f.campo('ruc')}
        />
        <CamposContacto
          campo={f.campo}
          estado={f.v.estado}
          onEstado={(e) => f.poner('estado', e)}
          errores={f.errores}
        />
      </SimpleGrid>
    </MarcoFormulario>
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
