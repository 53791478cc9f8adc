import { Table } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import {
  ESTADO_REGISTRO_LABELS,
  ESTADOS_REGISTRO,
  TIPO_NODO_COLORS,
  TIPO_NODO_LABELS,
  TIPOS_NODO,
} from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { SIN_DATO } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { NODOS } from '../referencia/catalogos';
import { EnlaceDetalle, opciones } from '../referencia/comun';
import { PaginaLista, useListaReferencia } from '../referencia/lista';

export default function NodosListPage() {
  const lista = useListaReferencia({ tipo: TIPOS_NODO, estado: ESTADOS_REGISTRO });
  const query = trpc.nodos.list.useQuery(lista.consulta, { placeholderData: keepPreviousData });
  return (
    <PaginaLista
      desplegables={[
        { clave: 'tipo', label: 'Tipo', data: opciones(TIPOS_NODO, TIPO_NODO_LABELS) },
        { clave: 'estado', label: 'Estado', data: opciones(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS) },
      ]}
      columnas={['Nombre', 'Tipo', 'Ubicación', 'Dirección', 'Estado']}
      fila={(n) => (
        <Table.Tr key={n.nodo_id}>
          <Table.Td>
            <EnlaceDetalle to={`/nodos/${n.nodo_id}`}>{n.nombre}</EnlaceDetalle>
          </Table.Td>
          <Table.Td>
            <EstadoPill estado={n.tipo} colores={TIPO_NODO_COLORS} label={TIPO_NODO_LABELS[n.tipo]} variant="outline" />
          </Table.Td>
          <Table.Td>{n.ubigeo_nombre ?? SIN_DATO}</Table.Td>
          <Table.Td>{n.direccion ?? SIN_DATO}</Table.Td>
          <Table.Td>
            <EstadoPill estado={n.estado} label={ESTADO_REGISTRO_LABELS[n.estado]} />
          </Table.Td>
        </Table.Tr>
      )}
      catalogo={NODOS}
      lista={lista}
      query={query}
    />
  );
}
