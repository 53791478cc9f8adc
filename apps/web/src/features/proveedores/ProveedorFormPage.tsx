import { SimpleGrid, TextInput } from '@mantine/core';
import { type Proveedor, proveedorCreateInput } from '@troncal/domain/schemas';
import { trpc } from '../../lib/trpc';
import { PROVEEDORES } from '../referencia/catalogos';
import { nulo } from '../referencia/comun';
import { CamposContacto, contactoEnviado, contactoInicial } from '../referencia/contacto';
import { MarcoFormulario, PaginaFormulario, useFormularioReferencia } from '../referencia/formulario';

function ProveedorForm({ inicial }: { inicial?: Proveedor }) {
  const f = useFormularioReferencia(PROVEEDORES, trpc.proveedores, inicial, (p) => [p.proveedor_id, p.nombre], {
    nombre: inicial?.nombre ?? '',
    ...contactoInicial(inicial),
  });

  async function guardar() {
    const data = { nombre: f.v.nombre.trim(), ruc: nulo(f.v.ruc), ...contactoEnviado(f.v) };
    if (f.validar(proveedorCreateInput, data)) await f.guardar(data);
  }

  return (
    <MarcoFormulario {...f.marco} onGuardar={guardar}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Nombre" required maxLength={120} {...f.campo('nombre')} />
        <TextInput label="RUC" inputMode="numeric" maxLength={11} {...f.campo('ruc')} />
        <CamposContacto
          campo={f.campo}
          estado={f.seleccion('estado')}
          descripcionEstado="Un proveedor inactivo no puede recibir servicios nuevos."
        />
      </SimpleGrid>
    </MarcoFormulario>
  );
}

export default function ProveedorFormPage() {
  return <PaginaFormulario catalogo={PROVEEDORES} porId={trpc.proveedores.byId} Formulario={ProveedorForm} />;
}
