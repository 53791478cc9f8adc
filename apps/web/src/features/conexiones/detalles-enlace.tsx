import { Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { TIPOS_ENLACE } from '@troncal/domain/enums';
import type { ReactNode } from 'react';
import { enlazarCampos } from '../../lib/campos';
import { monospace, Seccion } from './formulario';
import type { OpcionVenta } from './opciones';
import type { Errores, Valores } from './valores';

/** A router configuration pasted verbatim: monospace, no spell check, grows to 16 rows. */
const CONFIGURACION = { autosize: true, minRows: 4, maxRows: 16, styles: monospace, spellCheck: false };

interface Opcion {
  value: string;
  label: string;
}

export interface DetallesEnlaceProps {
  valores: Valores;
  errores: Errores;
  set: <K extends keyof Valores>(campo: K, valor: Valores[K]) => void;
  /** Another provider clears the chosen service. */
  onProveedor: (proveedor_id: string | null) => void;
  proveedores: { opciones: OpcionVenta[]; cargando: boolean };
  servicios: { opciones: OpcionVenta[]; cargando: boolean };
  nodos: { opciones: Opcion[]; cargando: boolean };
  /** Under the service: what the save does to it and the oversale confirmation. */
  children?: ReactNode;
}

/** "Detalles de enlace": link type, IP block, provider and service, both nodes and their configuration. */
export function DetallesEnlace({
  valores,
  errores,
  set,
  onProveedor,
  proveedores,
  servicios,
  nodos,
  children,
}: DetallesEnlaceProps) {
  const { texto, eleccion } = enlazarCampos(valores, errores, set);
  return (
    <Seccion titulo="Detalles de enlace">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label="Tipo de enlace"
          placeholder="Elija el tipo de enlace"
          data={[...TIPOS_ENLACE]}
          {...eleccion('modalidad_enlace')}
          clearable
        />
        <TextInput
          label="Asignación IP"
          placeholder="192.168.1.1/24"
          {...texto('asignacion_ip')}
          styles={monospace}
          maxLength={18}
        />
        <Select
          label="Proveedor principal"
          placeholder={proveedores.cargando ? 'Cargando…' : 'Elija un proveedor'}
          data={proveedores.opciones}
          value={valores.proveedor_id}
          onChange={onProveedor}
          searchable
          withAsterisk
          nothingFoundMessage="Sin proveedores"
          error={errores.proveedor_id}
        />
        <Select
          label="Servicio del proveedor"
          placeholder={
            !valores.proveedor_id
              ? 'Elija primero el proveedor'
              : servicios.cargando
                ? 'Cargando…'
                : servicios.opciones.length === 0
                  ? 'El proveedor no tiene servicios'
                  : 'Elija un servicio'
          }
          data={servicios.opciones}
          {...eleccion('servicio_id')}
          disabled={!valores.proveedor_id}
          searchable
          withAsterisk
          nothingFoundMessage="Sin servicios"
        />
      </SimpleGrid>
      {children}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label="Nodo Acceso A"
          placeholder={nodos.cargando ? 'Cargando…' : 'Elija el nodo A'}
          data={nodos.opciones}
          {...eleccion('nodo_a')}
          searchable
          withAsterisk
          nothingFoundMessage="Sin nodos"
        />
        <Select
          label="Nodo Acceso B"
          placeholder="Elija el nodo B"
          data={nodos.opciones}
          {...eleccion('nodo_b')}
          searchable
          clearable
          nothingFoundMessage="Sin nodos"
        />
        <Textarea
          label="Configuración Nodo A"
          placeholder={'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252'}
          {...texto('configuracion_nodo_a')}
          {...CONFIGURACION}
        />
        <Textarea label="Configuración Nodo B" {...texto('configuracion_nodo_b')} {...CONFIGURACION} />
      </SimpleGrid>
    </Seccion>
  );
}
