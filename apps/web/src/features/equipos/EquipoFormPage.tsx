import { SimpleGrid, Textarea, TextInput } from '@mantine/core';
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
import { nulo, SelectEstado, SelectTipo } from '../referencia/comun';
import { MarcoFormulario, PaginaFormulario, useFormularioReferencia } from '../referencia/formulario';

function EquipoForm({ inicial }: { inicial?: Equipo & { cid_enlace?: string | null } }) {
  const f = useFormularioReferencia(
    EQUIPOS,
    trpc.equipos,
    inicial,
    (eq) => [eq.equipo_id, `SN: ${eq.serial}`, `Equipo ${eq.marca} ${eq.modelo} (SN: ${eq.serial})`],
    {
      tipo: (inicial?.tipo ?? null) as TipoEquipo | null,
      marca: inicial?.marca ?? '',
      modelo: inicial?.modelo ?? '',
      serial: inicial?.serial ?? '',
      estado: (inicial?.estado ?? 'DISPONIBLE') as EstadoEquipo,
      observacion: inicial?.observacion ?? '',
    },
  );
  const { v } = f;
  const enConexion = Boolean(inicial?.enlace_id);

  async function guardar() {
    const valido = f.validar(equipoCreateInput, { ...v, tipo: v.tipo ?? undefined, observacion: nulo(v.observacion) });
    if (!valido || !v.tipo) return;
    await f.guardar({
      tipo: v.tipo,
      marca: v.marca.trim(),
      modelo: v.modelo.trim(),
      serial: v.serial.trim(),
      estado: v.estado,
      observacion: nulo(v.observacion),
    });
  }

  return (
    <MarcoFormulario {...f.marco} onGuardar={guardar}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectTipo valores={TIPOS_EQUIPO} etiquetas={TIPO_EQUIPO_LABELS} {...f.seleccion('tipo')} />
        <TextInput label="Serie" required maxLength={100} {...f.campo('serial')} />
        <TextInput label="Marca" required maxLength={100} {...f.campo('marca')} />
        <TextInput label="Modelo" required maxLength={100} {...f.campo('modelo')} />
        <SelectEstado
          valores={ESTADOS_EQUIPO}
          etiquetas={ESTADO_EQUIPO_LABELS}
          {...f.seleccion('estado')}
          disabled={enConexion}
          description={
            enConexion
              ? `En la conexión ${inicial?.cid_enlace ?? inicial?.enlace_id}: su estado lo lleva esa conexión.`
              : 'Baja retira el equipo sin borrarlo.'
          }
        />
      </SimpleGrid>
      <Textarea label="Observación" autosize minRows={2} maxLength={1000} {...f.campo('observacion')} />
    </MarcoFormulario>
  );
}

export default function EquipoFormPage() {
  return <PaginaFormulario catalogo={EQUIPOS} porId={trpc.equipos.byId} Formulario={EquipoForm} />;
}
