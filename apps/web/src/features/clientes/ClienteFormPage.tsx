import { SimpleGrid, TextInput } from '@mantine/core';
import { type Cliente, clienteCreateInput } from '@troncal/domain/schemas';
import { trpc } from '../../lib/trpc';
import { CLIENTES } from '../referencia/catalogos';
import { CamposContacto, contactoEnviado, contactoInicial } from '../referencia/contacto';
import { MarcoFormulario, PaginaFormulario, useFormularioReferencia } from '../referencia/formulario';

function ClienteForm({ inicial }: { inicial?: Cliente }) {
  const f = useFormularioReferencia(CLIENTES, trpc.clientes, inicial, (c) => [c.cliente_id, c.razon_social], {
    razon_social: inicial?.razon_social ?? '',
    ...contactoInicial(inicial),
  });

  async function guardar() {
    const data = { razon_social: f.v.razon_social.trim(), ruc: f.v.ruc.trim(), ...contactoEnviado(f.v) };
    if (f.validar(clienteCreateInput, data)) await f.guardar(data);
  }

  return (
    <MarcoFormulario {...f.marco} onGuardar={guardar}>
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
        <CamposContacto campo={f.campo} estado={f.seleccion('estado')} />
      </SimpleGrid>
    </MarcoFormulario>
  );
}

export default function ClienteFormPage() {
  return <PaginaFormulario catalogo={CLIENTES} porId={trpc.clientes.byId} Formulario={ClienteForm} />;
}
