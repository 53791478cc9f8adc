import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  ScrollArea,
  Stack,
  Stepper,
  Table,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { NotFoundView } from '../../components/NotFoundView';
import { PageHeader } from '../../components/PageHeader';

/** The importable lists: `/v1` path segment → what the wizard says and where the list lives. */
const ENTIDADES = {
  proveedores: { titulo: 'proveedores', lista: '/proveedores', clave: 'nombre' },
  clientes: { titulo: 'clientes', lista: '/clientes', clave: 'RUC' },
  nodos: { titulo: 'nodos', lista: '/nodos', clave: 'nombre' },
  equipos: { titulo: 'equipos', lista: '/equipos', clave: 'serial' },
  'servicios-proveedor': { titulo: 'servicios de proveedor', lista: '/servicios', clave: 'cid_interno' },
  conexiones: { titulo: 'conexiones', lista: '/conexiones', clave: 'cid_enlace' },
} as const;
type Entidad = keyof typeof ENTIDADES;

interface ErrorFila {
  fila: number;
  columna: string;
  valor: string;
  message: string;
}
interface Validacion {
  ok: boolean;
  filas: number;
  validas: number;
  errores: ErrorFila[];
  advertencias: string[];
}
interface Aplicacion {
  ok: true;
  filas: number;
  creados: number;
  actualizados: number;
  advertencias: string[];
}

async function enviar(entidad: Entidad, archivo: File, modo: 'validar' | 'aplicar', actualizar: boolean) {
  const q = new URLSearchParams({ modo });
  if (actualizar) q.set('existentes', 'actualizar');
  const datos = new FormData();
  datos.append('archivo', archivo, archivo.name);
  const res = await fetch(`/v1/${entidad}/importar?${q}`, { method: 'POST', body: datos, credentials: 'same-origin' });
  const cuerpo = await res.json().catch(() => ({ ok: false, message: `Error ${res.status} del servidor.` }));
  return { status: res.status, cuerpo };
}

/** The report table: every problem located by row and column, as in the spreadsheet. */
function TablaErrores({ errores }: { errores: ErrorFila[] }) {
  return (
    <ScrollArea.Autosize mah={420}>
      <Table striped withTableBorder aria-label="Errores de validación">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Fila</Table.Th>
            <Table.Th>Columna</Table.Th>
            <Table.Th>Valor</Table.Th>
            <Table.Th>Problema</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errores.map((e, i) => (
            <Table.Tr key={`${e.fila}-${e.columna}-${i}`}>
              <Table.Td>{e.fila}</Table.Td>
              <Table.Td>{e.columna}</Table.Td>
              <Table.Td>{e.valor}</Table.Td>
              <Table.Td>{e.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

function Advertencias({ lista }: { lista: string[] }) {
  if (lista.length === 0) return null;
  return (
    <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Advertencias">
      <List size="sm">
        {lista.map((a) => (
          <List.Item key={a}>{a}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Upload → validation report → apply → result, for one importable list. */
export default function ImportarPage() {
  const { entidad = '' } = useParams();
  const [archivo, setArchivo] = useState<File | null>(null);
  const [actualizar, setActualizar] = useState(false);
  const [paso, setPaso] = useState(0);
  const [ocupado, setOcupado] = useState(false);
  const [fallo, setFallo] = useState<string | null>(null);
  const [validacion, setValidacion] = useState<Validacion | null>(null);
  const [resultado, setResultado] = useState<Aplicacion | null>(null);
  if (!(entidad in ENTIDADES)) return <NotFoundView />;
  const e = entidad as Entidad;
  const info = ENTIDADES[e];

  /** Sends the file to `modo` and hands the answer to `recibir`; the button stays busy meanwhile. */
  const enviarArchivo = async (
    modo: 'validar' | 'aplicar',
    recibir: (status: number, cuerpo: Awaited<ReturnType<typeof enviar>>['cuerpo']) => void,
  ) => {
    if (!archivo) return;
    setOcupado(true);
    setFallo(null);
    try {
      const { status, cuerpo } = await enviar(e, archivo, modo, actualizar);
      recibir(status, cuerpo);
    } catch {
      setFallo('No se pudo enviar el archivo: revise la conexión e inténtelo de nuevo.');
    } finally {
      setOcupado(false);
    }
  };

  const validar = () =>
    enviarArchivo('validar', (status, cuerpo) => {
      // 200: a valid file; 422: the report of every problem. Anything else refuses the file itself.
      if (status === 200 || (status === 422 && Array.isArray(cuerpo.errores))) {
        setValidacion({ ...(cuerpo as Validacion), advertencias: cuerpo.advertencias ?? [] });
        setPaso(1);
      } else setFallo(cuerpo.message ?? `Error ${status}.`);
    });

  const aplicar = () =>
    enviarArchivo('aplicar', (status, cuerpo) => {
      if (status === 200) {
        setResultado(cuerpo as Aplicacion);
        setPaso(2);
      } else if (status === 422 && Array.isArray(cuerpo.errores)) {
        setValidacion({ ...(cuerpo as Validacion), ok: false, advertencias: cuerpo.advertencias ?? [] });
        setFallo(cuerpo.message);
      } else setFallo(cuerpo.message ?? `Error ${status}.`);
    });

  const otroArchivo = () => {
    setArchivo(null);
    setValidacion(null);
    setResultado(null);
    setFallo(null);
    setPaso(0);
  };

  return (
    <>
      <PageHeader
        title={`Importar ${info.titulo}`}
        description="Suba un CSV o un libro de Excel: primero se valida cada fila y nada cambia hasta que usted aplique."
        actions={
          <Button component={Link} to={info.lista} variant="default">
            Volver a la lista
          </Button>
        }
      />
      <Stepper active={paso} allowNextStepsSelect={false} mb="lg">
        <Stepper.Step label="Archivo" description="CSV o XLSX" />
        <Stepper.Step label="Validación" description="Errores por fila" />
        <Stepper.Step label="Resultado" description="Todo o nada" />
      </Stepper>

      {fallo ? (
        <Alert color="red" mb="md" title="No se pudo continuar" role="alert">
          {fallo}
        </Alert>
      ) : null}

      {paso === 0 ? (
        <Stack maw={640}>
          <Text size="sm">
            Descargue la plantilla: la primera hoja tiene las columnas y la segunda explica cada una. Las referencias se
            escriben como en su planilla (proveedor por nombre, cliente por RUC, nodo por nombre, servicio por
            cid_interno, equipo por serial, ubigeo por nombre o código INEI).
          </Text>
          <Group gap="md">
            <Anchor href={`/v1/${e}/importar/plantilla?formato=xlsx`} download>
              <Group gap={4}>
                <IconFileSpreadsheet size={16} /> Plantilla Excel (.xlsx)
              </Group>
            </Anchor>
            <Anchor href={`/v1/${e}/importar/plantilla?formato=csv`} download>
              Plantilla CSV
            </Anchor>
          </Group>
          <FileInput
            label="Archivo a importar"
            placeholder="Elegir archivo .csv o .xlsx"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={archivo}
            onChange={setArchivo}
            leftSection={<IconUpload size={16} />}
            clearable
          />
          <Checkbox
            label={`Actualizar los registros que ya existen (misma clave: ${info.clave})`}
            description="Si no se marca, una fila cuya clave ya existe se informa como duplicada."
            checked={actualizar}
            onChange={(ev) => setActualizar(ev.currentTarget.checked)}
          />
          <Group>
            <Button onClick={validar} disabled={!archivo} loading={ocupado}>
              Validar
            </Button>
          </Group>
        </Stack>
      ) : null}

      {paso === 1 && validacion ? (
        <Stack>
          {validacion.ok ? (
            <Alert color="green" icon={<IconCheck size={18} />} title="El archivo es válido">
              {validacion.filas} {validacion.filas === 1 ? 'fila lista' : 'filas listas'} para importar. Nada ha
              cambiado todavía.
            </Alert>
          ) : (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} title="El archivo tiene errores">
              {validacion.errores.length} {validacion.errores.length === 1 ? 'error' : 'errores'} en {validacion.filas}{' '}
              {validacion.filas === 1 ? 'fila' : 'filas'}. Corríjalos en su planilla y vuelva a subirla: no se importa
              nada mientras haya errores.
            </Alert>
          )}
          <Advertencias lista={validacion.advertencias} />
          {validacion.errores.length > 0 ? <TablaErrores errores={validacion.errores} /> : null}
          <Group>
            <Button variant="default" onClick={otroArchivo}>
              Subir otro archivo
            </Button>
            {validacion.ok ? (
              <Button onClick={aplicar} loading={ocupado}>
                Aplicar importación
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {paso === 2 && resultado ? (
        <Stack>
          <Alert color="green" icon={<IconCheck size={18} />} title="Importación aplicada">
            {resultado.creados} {resultado.creados === 1 ? 'registro creado' : 'registros creados'} y{' '}
            {resultado.actualizados} {resultado.actualizados === 1 ? 'actualizado' : 'actualizados'} de{' '}
            {resultado.filas} {resultado.filas === 1 ? 'fila' : 'filas'}.
          </Alert>
          <Advertencias lista={resultado.advertencias} />
          <Group>
            <Button component={Link} to={info.lista}>
              Ver {info.titulo}
            </Button>
            <Button variant="default" onClick={otroArchivo}>
              Importar otro archivo
            </Button>
          </Group>
        </Stack>
      ) : null}
    </>
  );
}
