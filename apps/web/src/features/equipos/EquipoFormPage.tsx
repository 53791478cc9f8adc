import { Card, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import {
  ESTADO_EQUIPO_LABELS,
  ESTADOS_EQUIPO,
  type EstadoEquipo,
  TIPO_EQUIPO_LABELS,
  TIPOS_EQUIPO,
  type TipoEquipo,
} from '@troncal/domain/enums';
import { type Equipo, equipoCreateInput } from '@troncal/domain/schemas';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useEnvio } from '../../lib/envio';
import { trpc } from '../../lib/trpc';
import { type ErroresCampo, nulo, opciones, PieFormulario } from '../referencia/comun';
import { erroresDeEsquema, guardarRegistro, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

function EquipoForm({ inicial }: { inicial?: Equipo & { cid_enlace?: string | null } }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const envio = useEnvio();
  const crear = trpc.equipos.create.useMutation({ trpc: { context: envio.contexto } });
  const actualizar = trpc.equipos.update.useMutation();
  const [v, setV] = useState({
    tipo: (inicial?.tipo ?? null) as TipoEquipo | null,
    marca: inicial?.marca ?? '',
    modelo: inicial?.modelo ?? '',
    serial: inicial?.serial ?? '',
    estado: (inicial?.estado ?? 'DISPONIBLE') as EstadoEquipo,
    observacion: inicial?.observacion ?? '',
  });
  const [errores, setErrores] = useState<ErroresCampo>({});
  const texto = (k: 'marca' | 'modelo' | 'serial') => ({
    value: v[k],
    onChange: (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value }),
    error: errores[k],
  });
  const enConexion = Boolean(inicial?.enlace_id);

  async function guardar(e: FormEvent) {
    e.preventDefault();
    const errs = erroresDeEsquema(equipoCreateInput, {
      ...v,
      tipo: v.tipo ?? undefined,
      observacion: nulo(v.observacion),
    });
    setErrores(errs);
    if (Object.keys(errs).length > 0 || !v.tipo) return;
    const data = {
      tipo: v.tipo,
      marca: v.marca.trim(),
      modelo: v.modelo.trim(),
      serial: v.serial.trim(),
      estado: v.estado,
      observacion: nulo(v.observacion),
    };
    await guardarRegistro({
      envio,
      entrada: data,
      guardar: () =>
        inicial ? actualizar.mutateAsync({ id: inicial.equipo_id, datos: data }) : crear.mutateAsync(data),
      invalidar: () => utils.equipos.invalidate(),
      mensaje: (eq) => `Equipo ${eq.marca} ${eq.modelo} (SN: ${eq.serial}) ${inicial ? 'actualizado' : 'registrado'}.`,
      ruta: (eq) => `/equipos/${eq.equipo_id}`,
      navigate,
      setErrores,
      tituloError: 'No se pudo guardar el equipo',
    });
  }

  return (
    <>
      <PageHeader title={inicial ? `Editar equipo SN: ${inicial.serial}` : 'Nuevo equipo'} />
      <Card withBorder padding="lg" maw={760}>
        <form onSubmit={guardar} noValidate aria-label={inicial ? 'Editar equipo' : 'Nuevo equipo'}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Tipo"
                required
                placeholder="Seleccione el tipo"
                data={opciones(TIPOS_EQUIPO, TIPO_EQUIPO_LABELS)}
                value={v.tipo}
                onChange={(x) => setV({ ...v, tipo: x as TipoEquipo | null })}
                error={errores.tipo}
              />
              <TextInput label="Serie" required maxLength={100} {...texto('serial')} />
              <TextInput label="Marca" required maxLength={100} {...texto('marca')} />
              <TextInput label="Modelo" required maxLength={100} {...texto('modelo')} />
              <Select
                label="Estado"
                data={opciones(ESTADOS_EQUIPO, ESTADO_EQUIPO_LABELS)}
                value={v.estado}
                onChange={(x) => x && setV({ ...v, estado: x as EstadoEquipo })}
                allowDeselect={false}
                disabled={enConexion}
                description={
                  enConexion
                    ? `En la conexión ${inicial?.cid_enlace ?? inicial?.enlace_id}: su estado lo lleva esa conexión.`
                    : 'Baja retira el equipo sin borrarlo.'
                }
                error={errores.estado}
              />
            </SimpleGrid>
            <Textarea
              label="Observación"
              autosize
              minRows={2}
              maxLength={1000}
              value={v.observacion}
              onChange={(e) => setV({ ...v, observacion: e.currentTarget.value })}
              error={errores.observacion}
            />
            <PieFormulario
              guardando={envio.bloqueado}
              cancelarA={inicial ? `/equipos/${inicial.equipo_id}` : '/equipos'}
            />
          </Stack>
        </form>
      </Card>
    </>
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
