import { z } from 'zod';

/**
 * A record's two write inputs from one set of fields: create takes them as they are; update takes
 * each as optional, so only the fields sent change (a full form's PUT works too).
 */
export const entradasEscritura = <S extends z.ZodRawShape>(campos: S) => ({
  crear: z.object(campos),
  actualizar: z.object(campos).partial(),
});
