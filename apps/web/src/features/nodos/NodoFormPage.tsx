import { Card, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import {
  ESTADO_REGISTRO_LABELS,
  ESTADOS_REGISTRO,
  type EstadoRegistro,
  TIPO_NODO_LABELS,
  TIPOS_NODO,
  type TipoNodo,
} from '@troncal/domain/enums';
import { nodoCreateInput } from '@troncal/domain/schemas';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import {
  type DepartamentoProvincia,
  DepartamentoProvinciaSelect,
  DistritoAutocomplete,
} from '../../components/UbigeoSelect';
import { useEnvio } from '../../lib/envio';
import { trpc } from '../../lib/trpc';
import type { UbigeoItem } from '../../lib/ubigeo';
import { type ErroresCampo, nulo, opciones, PieFormulario } from '../referencia/comun';
import { erroresDeEsquema, guardarRegistro, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

export interface NodoEditable {
  nodo_id: number;
  nombre: string;
  tipo: TipoNodo;
  ubigeo: string | null;
  distrito: string | null;
  direccion: string | null;
  estado: EstadoRegistro;
}

/** Departamento and provincia codes, and the distrito, that a stored INEI code stands for. */
function ubicacionInicial(nodo?: NodoEditable) {
  const c = nodo?.ubigeo ?? '';
  return {
    ubi: { departamento: c.length >= 2 ? c.slice(0, 2) : null, provincia: c.length >= 4 ? c.slice(0, 4) : null },
    distrito: c.length === 6 ? (nodo?.distrito ?? '') : '',
    distritoItem: c.length === 6 ? { codigo: c, nombre: nodo?.distrito ?? '' } : null,
  };
}

function NodoForm({ inicial }: { inicial?: NodoEditable }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const envio = useEnvio();
  const crear = trpc.nodos.create.useMutation({ trpc: { context: envio.contexto } });
  const actualizar = trpc.nodos.update.useMutation();
  const ubicacion = ubicacionInicial(inicial);
  const [v, setV] = useState({
    nombre: inicial?.nombre ?? '',
    tipo: (inicial?.tipo ?? null) as TipoNodo | null,
    direccion: inicial?.direccion ?? '',
    estado: (inicial?.estado ?? 'ACTIVO') as EstadoRegistro,
  });
  const [ubi, setUbi] = useState<DepartamentoProvincia>(ubicacion.ubi);
  const [distrito, setDistrito] = useState(ubicacion.distrito);
  const [distritoItem, setDistritoItem] = useState<UbigeoItem | null>(ubicacion.distritoItem);
  const [errores, setErrores] = useState<ErroresCampo>({});

  async function guardar(e: FormEvent) {
    e.preventDefault();
    const ubigeo = distritoItem?.codigo ?? ubi.provincia ?? ubi.departamento ?? null;
    const errs = erroresDeEsquema(nodoCreateInput, {
      nombre: v.nombre,
      tipo: v.tipo ?? undefined,
      ubigeo,
      direccion: nulo(v.direccion),
      estado: v.estado,
    });
    if (distrito.trim() && !distritoItem) errs.distrito = 'Elija un distrito de la lista de la provincia.';
    setErrores(errs);
    if (Object.keys(errs).length > 0 || !v.tipo) return;
    const data = { nombre: v.nombre.trim(), tipo: v.tipo, ubigeo, direccion: nulo(v.direccion), estado: v.estado };
    await guardarRegistro({
      envio,
      entrada: data,
      guardar: () => (inicial ? actualizar.mutateAsync({ id: inicial.nodo_id, datos: data }) : crear.mutateAsync(data)),
      invalidar: () => utils.nodos.invalidate(),
      mensaje: (n) => `Nodo "${n.nombre}" ${inicial ? 'actualizado' : 'registrado'}.`,
      ruta: (n) => `/nodos/${n.nodo_id}`,
      navigate,
      setErrores,
      tituloError: 'No se pudo guardar el nodo',
    });
  }

  return (
    <>
      <PageHeader title={inicial ? `Editar nodo ${inicial.nombre}` : 'Nuevo nodo'} />
      <Card withBorder padding="lg" maw={760}>
        <form onSubmit={guardar} noValidate aria-label={inicial ? 'Editar nodo' : 'Nuevo nodo'}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Nombre"
                required
                maxLength={120}
                value={v.nombre}
                onChange={(e) => setV({ ...v, nombre: e.currentTarget.value })}
                error={errores.nombre}
              />
              <Select
                label="Tipo"
                required
                placeholder="Seleccione el tipo"
                data={opciones(TIPOS_NODO, TIPO_NODO_LABELS)}
                value={v.tipo}
                onChange={(x) => setV({ ...v, tipo: x as TipoNodo | null })}
                error={errores.tipo}
              />
            </SimpleGrid>
            <DepartamentoProvinciaSelect
              emit="codigo"
              value={ubi}
              onChange={(next) => {
                if (next.provincia !== ubi.provincia) {
                  setDistrito('');
                  setDistritoItem(null);
                }
                setUbi(next);
              }}
              error={{ departamento: errores.ubigeo }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DistritoAutocomplete
                provincia={ubi.provincia}
                value={distrito}
                onChange={(texto, item) => {
                  setDistrito(texto);
                  setDistritoItem(item);
                }}
                disabled={!ubi.provincia}
                error={errores.distrito}
              />
              <Select
                label="Estado"
                data={opciones(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS)}
                value={v.estado}
                onChange={(x) => x && setV({ ...v, estado: x as EstadoRegistro })}
                allowDeselect={false}
                error={errores.estado}
              />
            </SimpleGrid>
            <TextInput
              label="Dirección"
              maxLength={300}
              value={v.direccion}
              onChange={(e) => setV({ ...v, direccion: e.currentTarget.value })}
              error={errores.direccion}
            />
            <PieFormulario guardando={envio.bloqueado} cancelarA={inicial ? `/nodos/${inicial.nodo_id}` : '/nodos'} />
          </Stack>
        </form>
      </Card>
    </>
  );
}

export default function NodoFormPage() {
  const { editando, id } = useRutaEdicion();
  const actual = trpc.nodos.byId.useQuery({ id: id ?? 0 }, { enabled: editando && id !== null });
  return (
    <VistaEdicion editando={editando} id={id} consulta={actual} cargando="Cargando nodo…">
      {(inicial) => <NodoForm key={id} inicial={inicial} />}
    </VistaEdicion>
  );
}
