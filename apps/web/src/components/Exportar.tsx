import { Button, Menu } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';

export interface ExportarProps {
  /** The list's `/v1` path without `/exportar`, e.g. `/v1/conexiones`. */
  ruta: string;
  /** The filters applied on screen, as the list's query names them; empty values are left out. */
  filtros?: Record<string, string | number | null | undefined>;
}

/** The export URL: the list's filters plus `formato`; the browser downloads it with the session cookie. */
export function urlExportacion(ruta: string, formato: 'csv' | 'xlsx', filtros: ExportarProps['filtros'] = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filtros)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  q.set('formato', formato);
  return `${ruta}/exportar?${q}`;
}

/** "Exportar" on every list: CSV (opens in Excel with accents) or XLSX, with the filters on screen. */
export function Exportar({ ruta, filtros }: ExportarProps) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />}>
          Exportar
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          component="a"
          href={urlExportacion(ruta, 'xlsx', filtros)}
          download
          leftSection={<IconFileSpreadsheet size={16} />}
        >
          Excel (.xlsx)
        </Menu.Item>
        <Menu.Item
          component="a"
          href={urlExportacion(ruta, 'csv', filtros)}
          download
          leftSection={<IconFileTypeCsv size={16} />}
        >
          CSV
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
