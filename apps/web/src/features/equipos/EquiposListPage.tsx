import { Table } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { ESTADO_EQUIPO_LABELS, ESTADOS_EQUIPO, TIPO_EQUIPO_LABELS, TIPOS_EQUIPO } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { SIN_DATO } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { EQUIPOS } from '../referencia/catalogos';
import { EnlaceDetalle, opciones } from '../referencia/comun';
import { PaginaLista, useListaReferencia } from '../referencia/lista';

export default function EquiposListPage() {
  const lista = useListaReferencia({ tipo: TIPOS_EQUIPO, estado: ESTADOS_EQUIPO });
  const query = trpc.equipos.list.useQuery(lista.consulta, { placeholderData: keepPreviousData });
  return (
    <PaginaLista
      desplegables={[
        { clave: 'tipo', label: 'Tipo', data: opciones(TIPOS_EQUIPO, TIPO_EQUIPO_LABELS) },
        { clave: 'estado', label: 'Estado', data: opciones(ESTADOS_EQUIPO, ESTADO_EQUIPO_LABELS) },
      ]}
      columnas={['Serie', 'Tipo', 'Marca', 'Modelo', 'Estado', 'Conexión']}
      fila={(e) => (
        <Table.Tr key={e.equipo_id}>
          <Table.Td>
            <EnlaceDetalle to={`/equipos/${e.equipo_id}`}>{e.serial}</EnlaceDetalle>
          </Table.Td>
          <Table.Td>{TIPO_EQUIPO_LABELS[e.tipo]}</Table.Td>
          <Table.Td>{e.marca}</Table.Td>
          <Table.Td>{e.modelo}</Table.Td>
          <Table.Td>
            <EstadoPill estado={e.estado} label={ESTADO_EQUIPO_LABELS[e.estado]} />
          </Table.Td>
          <Table.Td>{e.cid_enlace ?? SIN_DATO}</Table.Td>
        </Table.Tr>
      )}
      catalogo={EQUIPOS}
      lista={lista}
      query={query}
    />
  );
}
