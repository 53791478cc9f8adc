import { Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import {
  ESTADO_EQUIPO_LABELS,
  ESTADOS_EQUIPO,
  type EstadoEquipo,
  TIPO_EQUIPO_LABELS,
  TIPOS_EQUIPO,
  type TipoEquipo,
} from '@troncal/domain/enums';
import { type Equipo, equipoCreateInput } from '@troncal/domain/schemas';
import { trpc } from '../../lib/trpc';
import { EQUIPOS } from '../referencia/catalogos';
import { nulo, opciones, SelectEstado } from '../referencia/comun';
import { MarcoFormulario, useFormularioReferencia, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

function EquipoForm({ inicial }: { inicial?: Equipo & { cid_enlace?: string | null } }) {
  const utils = trpc.useUtils();
  const f = useFormularioReferencia(EQUIPOS, Boolean(inicial), {
    tipo: (inicial?.tipo ?? null) as TipoEquipo | null,
    marca: inicial?.marca ?? '',
    modelo: inicial?.modelo ?? '',
    serial: inicial?.serial ?? '',
    estado: (inicial?.estado ?? 'DISPONIBLE') as EstadoEquipo,
    observacion: inicial?.observacion ?? '',
  });
  const { v, errores } = f;
  const crear = trpc.equipos.create.useMutation({ trpc: { context: f.envio.contexto } });
  const actualizar = trpc.equipos.update.useMutation();
  const enConexion = Boolean(inicial?.enlace_id);

  async function guardar() {
    const valido = f.validar(equipoCreateInput, { ...v, tipo: v.tipo ?? undefined, observacion: nulo(v.observacion) });
    if (!valido || !v.tipo) return;
    const data = {
      tipo: v.tipo,
      marca: v.marca.trim(),
      modelo: v.modelo.trim(),
      serial: v.serial.trim(),
      estado: v.estado,
      observacion: nulo(v.observacion),
    };
    await f.guardar({
      entrada: data,
      enviar: () =>
        inicial ? actualizar.mutateAsync({ id: inicial.equipo_id, datos: data }) : crear.mutateAsync(data),
      invalidar: () => utils.equipos.invalidate(),
      id: (eq) => eq.equipo_id,
      nombre: (eq) => `Equipo ${eq.marca} ${eq.modelo} (SN: ${eq.serial})`,
    });
  }

  return (
    <MarcoFormulario
      catalogo={EQUIPOS}
      editando={inicial ? { id: inicial.equipo_id, nombre: `SN: ${inicial.serial}` } : null}
      onGuardar={guardar}
      guardando={f.envio.bloqueado}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Tipo"
          required
          placeholder="Seleccione el tipo"
          data={opciones(TIPOS_EQUIPO, TIPO_EQUIPO_LABELS)}
          value={v.tipo}
          onChange={(x) => f.poner('tipo', x as TipoEquipo | null)}
          error={errores.tipo}
        />
        <TextInput label="Serie" required maxLength={100} {...f.campo('serial')} />
        <TextInput label="Marca" required maxLength={100} {...f.campo('marca')} />
        <TextInput label="Modelo" required maxLength={100} {...f.campo('modelo')} />
        <SelectEstado
          valores={ESTADOS_EQUIPO}
          etiquetas={ESTADO_EQUIPO_LABELS}
          value={v.estado}
          onChange={(e) => f.poner('estado', e)}
          disabled={enConexion}
          description={
            enConexion
              ? `En la conexión ${inicial?.cid_enlace ?? inicial?.enlace_id}: su estado lo lleva esa conexión.`
              : 'Baja retira el equipo sin borrarlo.'
          }
          error={errores.estado}
        />
      </SimpleGrid>
      <Textarea label="Observación" autosize minRows={2} maxLength={1000} {...f.campo('observacion')} />
    </MarcoFormulario>
  );
}

export default function EquipoFormPage() {
  const { editando, id } = useRutaEdicion();
  const actual = trpc.equipos.byId.useQuery({ id: id ?? 0 }, { enabled: editando && id !== null });
  return (
    <VistaEdicion editando={editando} id={id} consulta={actual} cargando="Cargando equipo…">
      {(inicial) => <EquipoForm key={id} inicial={inicial} />}
    </VistaEdicion>
  );
}
