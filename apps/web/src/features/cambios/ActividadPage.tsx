import { Button, Grid, Stack, TextInput } from '@mantine/core';
import {
  ACCION_CAMBIO_LABELS,
  ACCIONES_CAMBIO,
  type AccionCambio,
  ENTIDAD_CAMBIO_LABELS,
  ENTIDADES_CAMBIO,
  type EntidadCambio,
} from '@troncal/domain/enums';
import { useState } from 'react';
import { Exportar } from '../../components/Exportar';
import { FiltroSelect } from '../../components/FiltroSelect';
import { PageHeader } from '../../components/PageHeader';
import { trpc } from '../../lib/trpc';
import { opciones } from '../referencia/comun';
import { PaginaCambios, useCursores } from './HistorialCambios';

interface Filtros {
  usuario: number | null;
  entidad: EntidadCambio | null;
  accion: AccionCambio | null;
  desde: string;
  hasta: string;
}

const VACIOS: Filtros = { usuario: null, entidad: null, accion: null, desde: '', hasta: '' };
const POR_PAGINA = 20;

function Pagina(props: { filtros: Filtros; antes_de: number | null; ultima: boolean; onMas: (s: number) => void }) {
  const f = props.filtros;
  const q = trpc.cambios.list.useQuery(
    {
      usuario: f.usuario,
      entidad: f.entidad,
      accion: f.accion,
      desde: f.desde || null,
      hasta: f.hasta || null,
      limit: POR_PAGINA,
      antes_de: props.antes_de,
    },
    { staleTime: 0, refetchOnMount: 'always' },
  );
  return (
    <PaginaCambios
      consulta={q}
      cargando="Cargando actividad…"
      vacio={{ title: 'Sin cambios', description: 'Ningún cambio coincide con los filtros.' }}
      conEntidad
      primera={props.antes_de === null}
      ultima={props.ultima}
      onMas={props.onMas}
    />
  );
}

/** A dropdown of a vocabulary, "Todas" when none is chosen. */
function FiltroTodas(p: {
  label: string;
  data: { value: string; label: string }[];
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  return (
    <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
      <FiltroSelect label={p.label} placeholder="Todas" data={p.data} value={p.value} onChange={p.onChange} />
    </Grid.Col>
  );
}

function FiltroFecha(p: { label: string; value: string; onChange: (fecha: string) => void }) {
  return (
    <Grid.Col span={{ base: 6, md: 2 }}>
      <TextInput label={p.label} type="date" value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)} />
    </Grid.Col>
  );
}

/** Administración → Actividad: every change in Troncal, newest first, by user, entity, action and date. */
export default function ActividadPage() {
  const [filtros, setFiltros] = useState<Filtros>(VACIOS);
  const { cursores, mas, reiniciar } = useCursores();
  const usuarios = trpc.usuarios.list.useQuery();
  const cambiar = (parcial: Partial<Filtros>) => {
    setFiltros((f) => ({ ...f, ...parcial }));
    reiniciar();
  };
  const clave = JSON.stringify(filtros);

  return (
    <>
      <PageHeader
        title="Actividad"
        description="Historial de cambios de todo Troncal: quién cambió qué, cuándo y por dónde."
        actions={
          // The same filters as on screen, as GET /v1/cambios/exportar names them.
          <Exportar
            ruta="/v1/cambios"
            filtros={{
              usuario: filtros.usuario,
              entidad: filtros.entidad,
              accion: filtros.accion,
              desde: filtros.desde,
              hasta: filtros.hasta,
            }}
          />
        }
      />
      <Grid mb="md" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <FiltroSelect
            label="Usuario"
            buscable
            data={(usuarios.data ?? []).map((u) => ({
              value: String(u.usuario_id),
              label: `${u.nombre} (${u.email})`,
            }))}
            value={filtros.usuario === null ? null : String(filtros.usuario)}
            onChange={(v) => cambiar({ usuario: v ? Number(v) : null })}
          />
        </Grid.Col>
        <FiltroTodas
          label="Entidad"
          data={opciones(ENTIDADES_CAMBIO, ENTIDAD_CAMBIO_LABELS)}
          value={filtros.entidad}
          onChange={(v) => cambiar({ entidad: v as EntidadCambio | null })}
        />
        <FiltroTodas
          label="Acción"
          data={opciones(ACCIONES_CAMBIO, ACCION_CAMBIO_LABELS)}
          value={filtros.accion}
          onChange={(v) => cambiar({ accion: v as AccionCambio | null })}
        />
        <FiltroFecha label="Desde" value={filtros.desde} onChange={(desde) => cambiar({ desde })} />
        <FiltroFecha label="Hasta" value={filtros.hasta} onChange={(hasta) => cambiar({ hasta })} />
        <Grid.Col span={{ base: 12, md: 1 }}>
          <Button variant="subtle" onClick={() => cambiar(VACIOS)}>
            Limpiar
          </Button>
        </Grid.Col>
      </Grid>
      <Stack gap="sm">
        {cursores.map((c, i) => (
          <Pagina
            key={`${clave}:${c ?? 'inicio'}`}
            filtros={filtros}
            antes_de={c}
            ultima={i === cursores.length - 1}
            onMas={mas}
          />
        ))}
      </Stack>
    </>
  );
}
