import { SimpleGrid, TextInput } from '@mantine/core';
import { type Proveedor, proveedorCreateInput } from '@troncal/domain/schemas';
import { trpc } from '../../lib/trpc';
import { PROVEEDORES } from '../referencia/catalogos';
import { nulo } from '../referencia/comun';
import { CamposContacto, contactoEnviado, contactoInicial } from '../referencia/contacto';
import { MarcoFormulario, useFormularioReferencia, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

function ProveedorForm({ inicial }: { inicial?: Proveedor }) {
  const utils = trpc.useUtils();
  const f = useFormularioReferencia(PROVEEDORES, Boolean(inicial), {
    nombre: inicial?.nombre ?? '',
    ...contactoInicial(inicial),
  });
  const crear = trpc.proveedores.create.useMutation({ trpc: { context: f.envio.contexto } });
  const actualizar = trpc.proveedores.update.useMutation();

  async function guardar() {
    const data = { nombre: f.v.nombre.trim(), ruc: nulo(f.v.ruc), ...contactoEnviado(f.v) };
    if (!f.validar(proveedorCreateInput, data)) return;
    await f.guardar({
      entrada: data,
      enviar: () =>
        inicial ? actualizar.mutateAsync({ id: inicial.proveedor_id, datos: data }) : crear.mutateAsync(data),
      invalidar: () => utils.proveedores.invalidate(),
      id: (p) => p.proveedor_id,
      nombre: (p) => `Proveedor "${p.nombre}"`,
    });
  }

  return (
    <MarcoFormulario
      catalogo={PROVEEDORES}
      editando={inicial ? { id: inicial.proveedor_id, nombre: inicial.nombre } : null}
      onGuardar={guardar}
      guardando={f.envio.bloqueado}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Nombre" required maxLength={120} {...f.campo('nombre')} />
        <TextInput label="RUC" inputMode="numeric" maxLength={11} {...f.campo('ruc')} />
        <CamposContacto
          campo={f.campo}
          estado={f.v.estado}
          onEstado={(e) => f.poner('estado', e)}
          errores={f.errores}
          descripcionEstado="Un proveedor inactivo no puede recibir servicios nuevos."
        />
      </SimpleGrid>
    </MarcoFormulario>
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
