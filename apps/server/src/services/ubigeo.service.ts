import { departamentos, distritos, provincias } from '@troncal/domain/ubigeo';
import { DomainError } from '../errors';

export interface UbigeoItem {
  codigo: string;
  nombre: string;
}

export const listarDepartamentos = (): UbigeoItem[] => departamentos();

export function listarProvincias(departamento: string): UbigeoItem[] {
  const res = provincias(departamento);
  if (!res || res.length === 0) throw new DomainError('NO_ENCONTRADO', `No existe el departamento "${departamento}".`);
  return res;
}

export function listarDistritos(provincia: string, departamento?: string): UbigeoItem[] {
  const res = distritos(provincia, departamento);
  if (!res || res.length === 0) throw new DomainError('NO_ENCONTRADO', `No existe la provincia "${provincia}".`);
  return res;
}
