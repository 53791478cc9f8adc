import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { ENLACE_ESTADO_LABELS, type EnlaceEstado, TIPOS_SERVICIO_CLIENTE } from '@troncal/domain/enums';
import type { ReactNode } from 'react';
import { DepartamentoProvinciaSelect, DistritoAutocomplete } from '../../components/UbigeoSelect';
import { enlazarCampos } from '../../lib/campos';
import { PROPS_NUMERO_HONESTO } from '../../lib/numeros';
import { CONDICIONES_FORM } from './comun';
import type { Errores, FilaEquipo, Valores } from './valores';

/** One of the four named sections of the connection form. */
export function Seccion({ titulo, children }: { titulo: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={titulo}>
      <Title order={3} size="h4" mb="md">
        {titulo}
      </Title>
      <Stack gap="md">{children}</Stack>
    </Card>
  );
}

export const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

export interface EquiposAsignadosProps {
  filas: FilaEquipo[];
  /** The options of a row: the free equipment plus the row's own. */
  opciones: (propio: string | null) => { value: string; label: string }[];
  cargando: boolean;
  errores: Errores;
  onElegir: (key: number, indice: number, equipo_id: string | null) => void;
  onQuitar: (key: number) => void;
  onAgregar: () => void;
}

/** "Equipos asignados": one select per row (tipo | marca | modelo | SN: serie), ❌ removes it. */
export function EquiposAsignados({
  filas,
  opciones,
  cargando,
  errores,
  onElegir,
  onQuitar,
  onAgregar,
}: EquiposAsignadosProps) {
  return (
    <Seccion titulo="Equipos asignados">
      {filas.length === 0 ? (
        <Text size="sm" c="dimmed">
          Sin equipos asignados.
        </Text>
      ) : null}
      {filas.map((fila, i) => (
        <Group key={fila.key} align="flex-end" gap="xs" wrap="nowrap">
          <Select
            label={`Equipo ${i + 1}`}
            placeholder={cargando ? 'Cargando…' : 'tipo | marca | modelo | SN: serie'}
            data={opciones(fila.equipo_id)}
            value={fila.equipo_id}
            onChange={(v) => onElegir(fila.key, i, v)}
            searchable
            nothingFoundMessage="Sin equipos disponibles"
            error={errores[`equipos_ids.${i}`]}
            style={{ flex: 1 }}
          />
          <Tooltip label="Quitar equipo">
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={errores[`equipos_ids.${i}`] ? 22 : 2}
              aria-label="Quitar equipo"
              onClick={() => onQuitar(fila.key)}
            >
              <span aria-hidden="true">❌</span>
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      {errores.equipos_ids ? (
        <Text size="sm" c="red">
          {errores.equipos_ids}
        </Text>
      ) : null}
      <Group>
        <Button variant="light" onClick={onAgregar}>
          + Agregar equipo
        </Button>
      </Group>
    </Seccion>
  );
}

interface CamposProps {
  valores: Valores;
  errores: Errores;
  set: <K extends keyof Valores>(campo: K, valor: Valores[K]) => void;
}

/** "Información del cliente": client, CID, service type, condición, contracted Mbps, activation date. */
export function InformacionCliente({
  valores,
  errores,
  set,
  clientes,
  cargandoClientes,
  esEdicion,
  estadoActual,
  disponibleEnlace,
}: CamposProps & {
  clientes: { value: string; label: string }[];
  cargandoClientes: boolean;
  esEdicion: boolean;
  /** The stored state of an edited link, kept selectable when it is not one of the form's four. */
  estadoActual: EnlaceEstado | null | undefined;
  disponibleEnlace: number | string;
}) {
  const { texto, eleccion } = enlazarCampos(valores, errores, set);
  return (
    <Seccion titulo="Información del cliente">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label="Cliente corporativo"
          placeholder={cargandoClientes ? 'Cargando…' : 'Elija un cliente'}
          data={clientes}
          {...eleccion('cliente_id')}
          searchable
          withAsterisk
          nothingFoundMessage="Sin clientes"
        />
        <TextInput
          label="CID"
          description={esEdicion ? undefined : 'Asignado por el sistema; puede cambiarlo.'}
          {...texto('cid_enlace')}
          styles={monospace}
          maxLength={50}
        />
        <Select
          label="Tipo de Servicio al Cliente"
          placeholder="Elija el tipo"
          data={[...TIPOS_SERVICIO_CLIENTE]}
          {...eleccion('tipo_enlace')}
          withAsterisk
        />
        <Select
          label="Condición"
          data={[
            ...CONDICIONES_FORM,
            // An edited link may be INACTIVO or DOWN (set by monitoring or /v1): keep it selectable.
            ...(estadoActual && !CONDICIONES_FORM.includes(estadoActual) ? [estadoActual] : []),
          ].map((e) => ({ value: e, label: ENLACE_ESTADO_LABELS[e] }))}
          {...eleccion('enlace_estado')}
          allowDeselect={false}
          error={errores.enlace_estado}
        />
        <NumberInput
          label="Capacidad contratada (Mbps)"
          value={valores.bw_contratado}
          onChange={(v) => set('bw_contratado', v)}
          {...PROPS_NUMERO_HONESTO}
          withAsterisk
          error={errores.bw_contratado}
        />
        <NumberInput
          label="Capacidad disponible"
          description="Se calcula de la capacidad contratada."
          value={disponibleEnlace}
          readOnly
          variant="filled"
          decimalScale={3}
          thousandSeparator=","
          decimalSeparator="."
        />
        <TextInput type="date" label="Fecha de activación" {...texto('enlace_fecha_activacion')} />
      </SimpleGrid>
    </Seccion>
  );
}

/** "Ubicación Servicio Cliente": departamento and provincia from ubigeo, district, locación, address. */
export function UbicacionCliente({
  valores,
  errores,
  set,
  onUbicacion,
}: CamposProps & { onUbicacion: (v: { departamento: string | null; provincia: string | null }) => void }) {
  const { texto } = enlazarCampos(valores, errores, set);
  return (
    <Seccion titulo="Ubicación Servicio Cliente">
      <DepartamentoProvinciaSelect
        value={{ departamento: valores.departamento_enlace, provincia: valores.provincia_enlace }}
        onChange={onUbicacion}
        error={{ departamento: errores.departamento_enlace, provincia: errores.provincia_enlace }}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <DistritoAutocomplete
          provincia={valores.provincia_enlace}
          departamento={valores.departamento_enlace}
          value={valores.distrito_enlace}
          onChange={(t) => set('distrito_enlace', t)}
          error={errores.distrito_enlace}
          maxLength={100}
        />
        <TextInput
          label="Locacion"
          placeholder="Lima - San Isidro / Data Center"
          {...texto('locacion')}
          maxLength={200}
        />
      </SimpleGrid>
      <TextInput label="Dirección" {...texto('direccion_enlace')} maxLength={300} />
    </Seccion>
  );
}
