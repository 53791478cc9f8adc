import { Table } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { ESTADO_REGISTRO_LABELS, ESTADOS_REGISTRO } from '@troncal/domain/enums';
import { trpc } from '../../lib/trpc';
import { EnlaceDetalle, opciones } from '../referencia/comun';
import { CeldasContacto } from '../referencia/contacto';
import { PaginaLista, useListaReferencia } from '../referencia/lista';

export default function ClientesListPage() {
  const lista = useListaReferencia({ estado: ESTADOS_REGISTRO });
  const query = trpc.clientes.list.useQuery(lista.consulta, { placeholderData: keepPreviousData });
  return (
    <PaginaLista
      lista={lista}
      query={query}
      ruta="/clientes"
      importar="clientes"
      titulo="Clientes"
      descripcion="Clientes corporativos a los que vendemos enlaces."
      nuevo="Nuevo cliente"
      plural="clientes"
      ninguno="Ningún cliente coincide"
      placeholder="Razón social, RUC, contacto o correo"
      desplegables={[{ clave: 'estado', label: 'Estado', data: opciones(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS) }]}
      columnas={['Razón social', 'RUC', 'Contacto', 'Teléfono', 'Correo', 'Estado']}
      fila={(p) => (
        <Table.Tr key={p.cliente_id}>
          <Table.Td>
            <EnlaceDetalle to={`/clientes/${p.cliente_id}`}>{p.razon_social}</EnlaceDetalle>
          </Table.Td>
          <CeldasContacto r={p} />
        </Table.Tr>
      )}
    />
  );
}
