import { Table } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { ESTADO_REGISTRO_LABELS, ESTADOS_REGISTRO } from '@troncal/domain/enums';
import { trpc } from '../../lib/trpc';
import { EnlaceDetalle, opciones } from '../referencia/comun';
import { CeldasContacto } from '../referencia/contacto';
import { PaginaLista, useListaReferencia } from '../referencia/lista';

export default function ProveedoresListPage() {
  const lista = useListaReferencia({ estado: ESTADOS_REGISTRO });
  const query = trpc.proveedores.list.useQuery(lista.consulta, { placeholderData: keepPreviousData });
  return (
    <PaginaLista
      lista={lista}
      query={query}
      ruta="/proveedores"
      importar="proveedores"
      titulo="Proveedores"
      descripcion="Operadores a los que compramos capacidad."
      nuevo="Nuevo proveedor"
      plural="proveedores"
      ninguno="Ningún proveedor coincide"
      placeholder="Nombre, RUC, contacto o correo"
      desplegables={[{ clave: 'estado', label: 'Estado', data: opciones(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS) }]}
      columnas={['Nombre', 'RUC', 'Contacto', 'Teléfono', 'Correo', 'Estado']}
      fila={(p) => (
        <Table.Tr key={p.proveedor_id}>
          <Table.Td>
            <EnlaceDetalle to={`/proveedores/${p.proveedor_id}`}>{p.nombre}</EnlaceDetalle>
          </Table.Td>
          <CeldasContacto r={p} />
        </Table.Tr>
      )}
    />
  );
}
