import { SimpleGrid, TextInput } from '@mantine/core';
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
import { nulo, SelectEstado, SelectTipo } from '../referencia/comun';
import { MarcoFormulario, PaginaFormulario, useFormularioReferencia } from '../referencia/formulario';

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
  const ubicacion = ubicacionInicial(inicial);
  const f = useFormularioReferencia(NODOS, trpc.nodos, inicial, (n) => [n.nodo_id, n.nombre], {
    nombre: inicial?.nombre ?? '',
    tipo: (inicial?.tipo ?? null) as TipoNodo | null,
    direccion: inicial?.direccion ?? '',
    estado: (inicial?.estado ?? 'ACTIVO') as EstadoRegistro,
  });
  const { v, errores } = f;
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
    await f.guardar({ nombre: v.nombre.trim(), tipo: v.tipo, ubigeo, direccion: nulo(v.direccion), estado: v.estado });
  }

  return (
    <MarcoFormulario {...f.marco} onGuardar={guardar}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Nombre" required maxLength={120} {...f.campo('nombre')} />
        <SelectTipo valores={TIPOS_NODO} etiquetas={TIPO_NODO_LABELS} {...f.seleccion('tipo')} />
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
        <SelectEstado valores={ESTADOS_REGISTRO} etiquetas={ESTADO_REGISTRO_LABELS} {...f.seleccion('estado')} />
      </SimpleGrid>
      <TextInput label="Dirección" maxLength={300} {...f.campo('direccion')} />
    </MarcoFormulario>
  );
}

export default function NodoFormPage() {
  return <PaginaFormulario catalogo={NODOS} porId={trpc.nodos.byId} Formulario={NodoForm} />;
}
