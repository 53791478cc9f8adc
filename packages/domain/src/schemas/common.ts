import { z } from 'zod';
import { DomainError, type DomainErrorIssue } from '../errors.js';
import { formatearNumero, MBPS_MAX, tieneMax3Decimales, validarCidrIPv4, validarRuc } from '../validators.js';

/**
 * zod's default messages are English and a global `z.config(locale)` would leak into every app
 * that imports this package, so each schema states its own Spanish message instead.
 */
type IssueConInput = { input?: unknown };
export const OBLIGATORIO = 'Este campo es obligatorio.';
export const mensajeTipo =
  (esperado: string) =>
  (iss: IssueConInput): string =>
    iss.input === undefined ? OBLIGATORIO : esperado;

const NUMERO_TEXTO = /^-?\d+(?:\.\d+)?$/;

/** Numbers as JSON numbers or, for REST/query strings, as plain decimal strings ("500", "0.5"). */
export const numeroInput = z
  .union(
    [
      z.number(),
      z
        .string()
        .trim()
        .regex(NUMERO_TEXTO)
        .transform((s) => Number(s)),
    ],
    { error: mensajeTipo('Debe ser un número.') },
  )
  // A string of hundreds of digits passes the pattern and becomes Infinity.
  .pipe(z.number({ error: 'El número es demasiado grande.' }));

// --- Mbps ----------------------------------------------------------------------------------------

/** Bandwidth in Mbps: finite, ≥ 0, at most 3 decimals, at most 10,000,000. */
export const mbpsSchema = z
  .number({ error: mensajeTipo('Debe ser un número.') })
  .min(0, { message: 'No puede ser negativo.', abort: true })
  .max(MBPS_MAX, { message: `No puede superar ${formatearNumero(MBPS_MAX)} Mbps.`, abort: true })
  .refine(tieneMax3Decimales, 'Admite como máximo 3 decimales.');

/** `mbpsSchema` that also accepts numeric strings ("500"), for REST bodies and query strings. */
export const mbpsInput = numeroInput.pipe(mbpsSchema);

/** Strictly positive Mbps, for AUMENTAR/DISMINUIR amounts. */
export const mbpsPositivoInput = numeroInput.pipe(mbpsSchema.refine((n) => n > 0, 'Debe ser mayor que 0.'));

/** A signed Mbps delta (ajustar-capacidad): non-zero, finite, ≤ 3 decimals. */
export const deltaMbpsInput = numeroInput.pipe(
  z
    .number()
    .refine((n) => n !== 0, 'Debe ser un número distinto de cero.')
    .refine((n) => Math.abs(n) <= MBPS_MAX, `No puede superar ${formatearNumero(MBPS_MAX)} Mbps.`)
    .refine(tieneMax3Decimales, 'Admite como máximo 3 decimales.'),
);

// --- Identifiers ---------------------------------------------------------------------------------

/** A database id: positive integer; strings like "12" are accepted because path params are strings. */
export const idSchema = z
  .union(
    [
      z.number(),
      z
        .string()
        .trim()
        .regex(/^\d+$/)
        .transform((s) => Number(s)),
    ],
    { error: mensajeTipo('El identificador debe ser un número entero positivo.') },
  )
  .pipe(
    z
      // Only a string of hundreds of digits (Infinity) gets here as a non-number.
      .number({ error: 'El identificador es demasiado grande.' })
      .int('El identificador debe ser un número entero positivo.')
      .positive('El identificador debe ser un número entero positivo.')
      .max(2_147_483_647, 'El identificador es demasiado grande.'),
  );

/**
 * Makes a field optional and nullable, treating "" as null: HTML selects and cleared inputs send "".
 * Absent stays absent, so a partial update leaves the column alone.
 */
export const opcional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable()).optional();

/** An optional foreign key: absent, null or "" mean "none". */
export const idOpcional = opcional(idSchema);

// --- Text ------------------------------------------------------------------------------------------

/** PostgreSQL cannot store the NUL character in text: refuse it here, with the field's path. */
export const SIN_NULO = 'No admite el carácter nulo (U+0000).';
export const sinNulo = (s: string) => !s.includes('\u0000');

export const textoRequerido = (max = 200) =>
  z
    .string({ error: mensajeTipo('Debe ser un texto.') })
    .trim()
    .min(1, OBLIGATORIO)
    .max(max, `Admite como máximo ${max} caracteres.`)
    .refine(sinNulo, SIN_NULO);

/** Optional text: absent stays absent (no change on update), blank or null becomes null. */
export const textoOpcional = (max = 500) =>
  z
    .string({ error: 'Debe ser un texto.' })
    .trim()
    .max(max, `Admite como máximo ${max} caracteres.`)
    .refine(sinNulo, SIN_NULO)
    .nullish()
    .transform((v) => (v === '' ? null : v));

export const emailSchema = z
  .string({ error: mensajeTipo('Debe ser un texto.') })
  .trim()
  .toLowerCase()
  .pipe(z.email('El correo electrónico no es válido.').max(254, 'El correo electrónico es demasiado largo.'));

export const emailOpcional = opcional(emailSchema);

/** The contact person, phone and e-mail that clientes and proveedores both keep: as stored… */
export const contactoSchemaCampos = {
  contacto: z.string().nullable(),
  telefono: z.string().nullable(),
  email: z.string().nullable(),
};

/** …and as a form or import sends them (blank means none). */
export const contactoCampos = {
  contacto: textoOpcional(200),
  telefono: textoOpcional(50),
  email: emailOpcional,
};

export const rucSchema = z
  .string({ error: mensajeTipo('El RUC debe tener 11 dígitos.') })
  .trim()
  .superRefine((s, ctx) => {
    const v = validarRuc(s);
    if (!v.ok) ctx.addIssue({ code: 'custom', message: v.message });
  });

/** Optional RUC (proveedores): blank or null means none; anything else must be valid. */
export const rucOpcional = opcional(rucSchema);

export const cidrIPv4Schema = z
  .string({ error: 'Debe ser un texto.' })
  .trim()
  .superRefine((s, ctx) => {
    const v = validarCidrIPv4(s);
    if (!v.ok) ctx.addIssue({ code: 'custom', message: v.message });
  });

/** Output timestamps: ISO 8601, with or without offset ("2026-01-15T10:30:00" is the spec's example). */
export const isoDateTime = z.iso.datetime({ offset: true, local: true, error: 'Debe ser una fecha y hora ISO 8601.' });

/** Audit columns every editable table has; `*_by` optional so lighter projections still validate. */
export const auditoriaSchema = z.object({
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: z.number().int().nullable().optional(),
  updated_by: z.number().int().nullable().optional(),
});

/** A calendar date, "2025-06-01". */
export const isoDate = z.iso.date({ error: 'Debe ser una fecha con formato AAAA-MM-DD.' });

/** Input dates: "2025-06-01", or a full ISO timestamp cut to its date; blank or null means none. */
export const fechaOpcional = z
  .preprocess((v) => {
    if (typeof v !== 'string') return v;
    const s = v.trim();
    if (s === '') return null;
    return /^\d{4}-\d{2}-\d{2}T/.test(s) ? s.slice(0, 10) : s;
  }, isoDate.nullable())
  .optional();

/**
 * A case- and accent-insensitive enum ("activo", "Telefonía IP"), normalised to its canonical value
 * by the vocabulary's parser before zod checks membership. Input is typed `string` so tRPC callers
 * keep type checking; the `enum` metadata keeps the allowed values in the generated OpenAPI.
 */
export function enumFlexible<const T extends readonly [string, ...string[]]>(
  valores: T,
  parse: (input: unknown) => T[number] | null,
) {
  const mensaje = (iss: IssueConInput): string =>
    iss.input === undefined ? OBLIGATORIO : `Valor no válido. Valores permitidos: ${valores.join(', ')}.`;
  return z
    .string({ error: mensaje })
    .transform((s) => parse(s) ?? s)
    .pipe(z.enum(valores, { error: mensaje }))
    .meta({ enum: [...valores] });
}

// --- Lists -------------------------------------------------------------------------------

const enteroQuery = z.union(
  [
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+$/)
      .transform(Number),
  ],
  {
    error: 'Debe ser un número entero.',
  },
);

/** `?limit=&offset=&search=`: limit 1..100 (default 10), offset ≥ 0 (default 0). */
export const listQuerySchema = z.object({
  limit: enteroQuery
    .pipe(
      z
        .number({ error: 'El límite debe estar entre 1 y 100.' })
        .int('El límite debe estar entre 1 y 100.')
        .min(1, 'El límite debe estar entre 1 y 100.')
        .max(100, 'El límite debe estar entre 1 y 100.'),
    )
    .default(10),
  offset: enteroQuery
    .pipe(
      z
        .number({ error: 'El desplazamiento es demasiado grande.' })
        .int('El desplazamiento debe ser un número entero y no demasiado grande.')
        .min(0, 'El desplazamiento no puede ser negativo.'),
    )
    .default(0),
  search: z
    .string({ error: 'Debe ser un texto.' })
    .trim()
    .max(200, 'Admite como máximo 200 caracteres.')
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});
export type ListQuery = z.output<typeof listQuerySchema>;

// --- Errors ------------------------------------------------------------------------------------------

/** zod issues as `{ path: "equipos_ids.1", message }`, the shape of `errorEnvelope.errors`. */
export function zodIssues(error: z.ZodError): DomainErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** A 400 DomainError from a ZodError, headed by its first message so a single toast says something useful. */
export function zodADomainError(error: z.ZodError): DomainError {
  const issues = zodIssues(error);
  const [primera] = issues;
  const message = primera
    ? primera.path
      ? `${primera.path}: ${primera.message}`
      : primera.message
    : 'Datos no válidos.';
  return new DomainError('VALIDACION', message, issues);
}

/** Parses or throws the transports' DomainError('VALIDACION'). */
export function parsear<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const r = schema.safeParse(data);
  if (!r.success) throw zodADomainError(r.error);
  return r.data;
}
