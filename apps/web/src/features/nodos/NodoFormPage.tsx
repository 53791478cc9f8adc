import { Select, SimpleGrid, TextInput } from '@mantine/core';
import {
  ESTADO_REGISTRO_LABELS,
  ESTADOS_REGISTRO,
  type EstadoRegistro,
  TIPO_NODO_LABELS,
  TIPOS_NODO,
  type TipoNodo,
} from '@troncal/domain/enums';
import { nodoCreateInput } from '@troncal/domain/schemas';
import { useState } from 'react';
import {
  type DepartamentoProvincia,
  DepartamentoProvinciaSelect,
  DistritoAutocomplete,
} from '../../components/UbigeoSelect';
import { trpc } from '../../lib/trpc';
import type { UbigeoItem } from '../../lib/ubigeo';
import { NODOS } from '../referencia/catalogos';
import { nulo, opciones, SelectEstado } from '../referencia/comun';
import { MarcoFormulario, useFormularioReferencia, useRutaEdicion, VistaEdicion } from '../referencia/formulario';

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
  const utils = trpc.useUtils();
  const ubicacion = ubicacionInicial(inicial);
  const f = useFormularioReferencia(NODOS, Boolean(inicial), {
    nombre: inicial?.nombre ?? '',
    tipo: (inicial?.tipo ?? null) as TipoNodo | null,
    direccion: inicial?.direccion ?? '',
    estado: (inicial?.estado ?? 'ACTIVO') as EstadoRegistro,
  });
  const { v, errores } = f;
  const crear = trpc.nodos.create.useMutation({ trpc: { context: f.envio.contexto } });
  const actualizar = trpc.nodos.update.useMutation();
  const [ubi, setUbi] = useState<DepartamentoProvincia>(ubicacion.ubi);
  const [distrito, setDistrito] = useState(ubicacion.distrito);
  const [distritoItem, setDistritoItem] = useState<UbigeoItem | null>(ubicacion.distritoItem);

  async function guardar() {
    const ubigeo = distritoItem?.codigo ?? ubi.provincia ?? ubi.departamento ?? null;
    const valido = f.validar(
      nodoCreateInput,
      { nombre: v.nombre, tipo: v.tipo ?? undefined, ubigeo, direccion: nulo(v.direccion), estado: v.estado },
      distrito.trim() && !distritoItem ? { distrito: 'Elija un distrito de la lista de la provincia.' } : {},
    );
    if (!valido || !v.tipo) return;
    const data = { nombre: v.nombre.trim(), tipo: v.tipo, ubigeo, direccion: nulo(v.direccion), estado: v.estado };
    await f.guardar({
      entrada: data,
      enviar: () => (inicial ? actualizar.mutateAsync({ id: inicial.nodo_id, datos: data }) : crear.mutateAsync(data)),
      invalidar: () => utils.nodos.invalidate(),
      id: (n) => n.nodo_id,
      nombre: (n) => `Nodo "${n.nombre}"`,
    });
  }

  return (
    <MarcoFormulario
      catalogo={NODOS}
      editando={inicial ? { id: inicial.nodo_id, nombre: inicial.nombre } : null}
      onGuardar={guardar}
      guardando={f.envio.bloqueado}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Nombre" required maxLength={120} {...f.campo('nombre')} />
        <Select
          label="Tipo"
          required
          placeholder="Seleccione el tipo"
          data={opciones(TIPOS_NODO, TIPO_NODO_LABELS)}
          value={v.tipo}
          onChange={(x) => f.poner('tipo', x as TipoNodo | null)}
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
        <SelectEstado
          valores={ESTADOS_REGISTRO}
          etiquetas={ESTADO_REGISTRO_LABELS}
          value={v.estado}
          onChange={(e) => f.poner('estado', e)}
          error={errores.estado}
        />
      </SimpleGrid>
      <TextInput label="Dirección" maxLength={300} {...f.campo('direccion')} />
    </MarcoFormulario>
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
