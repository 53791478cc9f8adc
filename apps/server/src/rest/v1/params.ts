import { idSchema } from '@troncal/domain/schemas';
import { z } from 'zod';

/** `{ id }` path params, e.g. `/v1/conexiones/:id` (tRPC inputs name their id inside their own object). */
export const idParamsSchema = z.object({ id: idSchema });
