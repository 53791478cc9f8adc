import { z } from 'zod';
import { listarDepartamentos, listarDistritos, listarProvincias } from '../../services/ubigeo.service';
import { protectedProcedure, router } from '../init';

const requerido = (mensaje: string) => z.string({ error: mensaje }).trim().min(1, mensaje);

export const ubigeoRouter = router({
  departamentos: protectedProcedure.query(() => listarDepartamentos()),
  provincias: protectedProcedure
    .input(z.object({ departamento: requerido('Indique el departamento.') }))
    .query(({ input }) => listarProvincias(input.departamento)),
  distritos: protectedProcedure
    .input(
      z.object({
        provincia: requerido('Indique la provincia.'),
        departamento: z.string({ error: 'Debe ser un texto.' }).trim().optional(),
      }),
    )
    .query(({ input }) => listarDistritos(input.provincia, input.departamento)),
});
