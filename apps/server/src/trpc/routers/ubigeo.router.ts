import { z } from 'zod';
import { listarDepartamentos, listarDistritos, listarProvincias } from '../../services/ubigeo.service';
import { protectedProcedure, router } from '../init';

export const ubigeoRouter = router({
  departamentos: protectedProcedure.query(() => listarDepartamentos()),
  provincias: protectedProcedure
    .input(z.object({ departamento: z.string().trim().min(1) }))
    .query(({ input }) => listarProvincias(input.departamento)),
  distritos: protectedProcedure
    .input(z.object({ provincia: z.string().trim().min(1), departamento: z.string().trim().optional() }))
    .query(({ input }) => listarDistritos(input.provincia, input.departamento)),
});
