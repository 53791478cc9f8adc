// The SQL Troncal sends for each benchmarked endpoint, as drizzle generates it (capturar-sql.ts
// prints the current text; run.mjs compares the two and flags any drift in the report). Shared by the
// baseline server and by run.mjs, which also EXPLAIN ANALYZEs it.

// Params: token_hash, true (the owner must be active), 1.
export const TOKEN = `select "api_tokens"."token_id", "api_tokens"."nombre", "api_tokens"."rol", "api_tokens"."created_by", "api_tokens"."last_used_at" from "api_tokens" left join "usuarios" on "usuarios"."usuario_id" = "api_tokens"."created_by" where ("api_tokens"."token_hash" = $1 and "api_tokens"."revoked_at" is null and ("api_tokens"."created_by" is null or "usuarios"."activo" = $2)) limit $3`;

export const COLUMNAS_CONEXION = `select "conexiones"."enlace_id", "conexiones"."servicio_id", "conexiones"."cid_enlace", "conexiones"."modalidad_enlace", "conexiones"."tipo_enlace", "conexiones"."enlace_estado", "conexiones"."enlace_fecha_activacion", "conexiones"."bw_contratado", "conexiones"."bw_disponible", "conexiones"."bw_utilizado", "conexiones"."departamento_enlace", "conexiones"."provincia_enlace", "conexiones"."distrito_enlace", "conexiones"."direccion_enlace", "conexiones"."locacion", "conexiones"."cliente_id", "clientes"."razon_social", "clientes"."ruc", "conexiones"."nodo_a", "nodo_a_t"."nombre", "nodo_a_t"."tipo", "conexiones"."configuracion_nodo_a", "conexiones"."nodo_b", "nodo_b_t"."nombre", "nodo_b_t"."tipo", "conexiones"."configuracion_nodo_b", "conexiones"."asignacion_ip", (
  select string_agg(ce.equipo_id::text, ',' order by ce.equipo_id)
    from conexion_equipos ce where ce.enlace_id = "conexiones"."enlace_id"
), "servicios_proveedor"."proveedor_id", "proveedores"."nombre", "servicios_proveedor"."cid_interno", "conexiones"."created_at", "conexiones"."updated_at", "conexiones"."created_by", "conexiones"."updated_by", "vinculos_monitoreo"."fuente", "vinculos_monitoreo"."host", "vinculos_monitoreo"."interfaz", "vinculos_monitoreo"."entrada", "vinculos_monitoreo"."salida", "vinculos_monitoreo"."estado", "vinculos_monitoreo"."mensaje", "vinculos_monitoreo"."p95_mbps", "vinculos_monitoreo"."max_mbps", "vinculos_monitoreo"."promedio_mbps", "vinculos_monitoreo"."medido_en" from "conexiones" left join "clientes" on "clientes"."cliente_id" = "conexiones"."cliente_id" left join "nodos" "nodo_a_t" on "nodo_a_t"."nodo_id" = "conexiones"."nodo_a" left join "nodos" "nodo_b_t" on "nodo_b_t"."nodo_id" = "conexiones"."nodo_b" left join "servicios_proveedor" on "servicios_proveedor"."servicio_id" = "conexiones"."servicio_id" left join "proveedores" on "proveedores"."proveedor_id" = "servicios_proveedor"."proveedor_id" left join "vinculos_monitoreo" on ("vinculos_monitoreo"."objeto" = $1 and "vinculos_monitoreo"."objeto_id" = "conexiones"."enlace_id")`;

// Deferred join: the page's ids over conexiones alone, then the joins for those rows only, as
// `= any(array(…))` so the prepared statement's generic plan joins ~10 rows by index. The list
// without filters is a named prepared statement in Troncal (db/preparadas.ts), so `offset` is
// always a parameter. $1 is the monitoring binding's objeto ('conexion').
// Params: 'conexion', limit, offset.
export const LISTA_CONEXIONES = `${COLUMNAS_CONEXION} where "conexiones"."enlace_id" = any(array((select "enlace_id" from "conexiones" order by "conexiones"."enlace_id" desc limit $2 offset $3))) order by "conexiones"."enlace_id" desc`;
// The keyset page (`?antes_de=`). Params: 'conexion', antes_de, limit, offset.
export const LISTA_CONEXIONES_CURSOR = `${COLUMNAS_CONEXION} where "conexiones"."enlace_id" = any(array((select "enlace_id" from "conexiones" where "conexiones"."enlace_id" < $2 order by "conexiones"."enlace_id" desc limit $3 offset $4))) order by "conexiones"."enlace_id" desc`;
// The exact total: count(*) (the trigger-kept counters are gone, migration 0004).
export const TOTAL_CONEXIONES = 'select count(*) from "conexiones"';
// Params: 'conexion', id, 1.
export const UNA_CONEXION = `${COLUMNAS_CONEXION} where "conexiones"."enlace_id" = $2 limit $3`;

export const CON_TILDE = 'áéíóúüñàèìòùâêîôûÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛ';
export const SIN_TILDE = 'aeiouunaeiouaeiouaeiouunaeiouaeiou';
// A search first finds the providers whose (accent-folded) name matches; their ids go into the
// services query as values, so PostgreSQL can BitmapOr the trigram index with the provider index.
// Params: CON_TILDE, SIN_TILDE, folded pattern.
export const PROVEEDORES_BUSQUEDA = `select "proveedor_id" from "proveedores" where translate(lower("proveedores"."nombre"), $1, $2) like $3 order by "proveedores"."proveedor_id"`;
const COLUMNAS_SERVICIO = `select "servicios_proveedor"."servicio_id", "servicios_proveedor"."proveedor_id", "proveedores"."nombre", "servicios_proveedor"."nodo_id", "nodos"."nombre", "nodos"."tipo", "nodos"."direccion", "servicios_proveedor"."modalidad", "servicios_proveedor"."capacidad_comprada", "servicios_proveedor"."capacidad_vendida", "servicios_proveedor"."capacidad_utilizada", "servicios_proveedor"."capacidad_disponible", "servicios_proveedor"."ubicacion_servicio", "servicios_proveedor"."condicion", "servicios_proveedor"."observacion", "servicios_proveedor"."cid_proveedor", "servicios_proveedor"."cid_interno", "servicios_proveedor"."limite_sobreventa_pct", "servicios_proveedor"."created_at", "servicios_proveedor"."updated_at", "servicios_proveedor"."created_by", "servicios_proveedor"."updated_by", "vinculos_monitoreo"."fuente", "vinculos_monitoreo"."host", "vinculos_monitoreo"."interfaz", "vinculos_monitoreo"."entrada", "vinculos_monitoreo"."salida", "vinculos_monitoreo"."estado", "vinculos_monitoreo"."mensaje", "vinculos_monitoreo"."p95_mbps", "vinculos_monitoreo"."max_mbps", "vinculos_monitoreo"."promedio_mbps", "vinculos_monitoreo"."medido_en" from "servicios_proveedor" inner join "proveedores" on "proveedores"."proveedor_id" = "servicios_proveedor"."proveedor_id" left join "nodos" on "nodos"."nodo_id" = "servicios_proveedor"."nodo_id" left join "vinculos_monitoreo" on ("vinculos_monitoreo"."objeto" = $1 and "vinculos_monitoreo"."objeto_id" = "servicios_proveedor"."servicio_id")`;
const ORDEN_SERVICIOS = ' order by "servicios_proveedor"."servicio_id" desc';
// The search alone is a pair of named statements in Troncal: the providers it names go in as one
// int[] parameter, and the page's ids as `= any(array(…))`, as for connections.
const BUSQUEDA_SERVICIOS =
  '("servicios_proveedor"."busqueda" like $2 or "servicios_proveedor"."proveedor_id" = any($3::int[]))';
/** Params: 'servicio' (the monitoring binding's objeto), pattern, provider ids, limit, offset. */
export const SERVICIOS_BUSQUEDA = `${COLUMNAS_SERVICIO} where "servicios_proveedor"."servicio_id" = any(array((select "servicio_id" from "servicios_proveedor" where ${BUSQUEDA_SERVICIOS}${ORDEN_SERVICIOS} limit $4 offset $5)))${ORDEN_SERVICIOS}`;
/** Params: pattern, provider ids. */
export const SERVICIOS_BUSQUEDA_TOTAL = `select count(*) from "servicios_proveedor" where ${BUSQUEDA_SERVICIOS.replace('$2', '$1').replace('$3', '$2')}`;

// ajustar-capacidad: one statement moves vendida (taking the row lock), writes the ledger row and a
// usage sample, in autocommit.
/**
 * One movement as one autocommit statement. A sale (vendida up) carries the oversale guard in its
 * WHERE (`sobreventaPermitidaSql`); a return does not ($n numbering shifts accordingly).
 */
const ajuste = (venta) => {
  let n = 0;
  const p = () => `$${++n}`;
  const cabeza = `with upd as (
          update servicios_proveedor
             set capacidad_vendida = capacidad_vendida + ${p()}::numeric,
                 updated_at = now(), updated_by = coalesce(${p()}::int, updated_by)
           where servicio_id = ${p()} and capacidad_vendida + ${p()}::numeric >= 0
             and `;
  const guarda = venta
    ? `(capacidad_vendida + ${p()}::numeric <= capacidad_comprada
    or (limite_sobreventa_pct is not null
        and capacidad_vendida + ${p()}::numeric <= round(capacidad_comprada * (1 + limite_sobreventa_pct / 100), 3))
    or (limite_sobreventa_pct is null and ${p()}::boolean))`
    : 'true';
  return `${cabeza}${guarda}
       returning servicio_id, cid_interno, capacidad_comprada, capacidad_vendida, capacidad_utilizada,
                 capacidad_comprada - capacidad_vendida as capacidad_disponible, limite_sobreventa_pct
        ), mov as (
          insert into movimientos_capacidad
                 (servicio_id, delta_vendida, vendida_resultante, motivo, origen, enlace_id, usuario_id)
          select servicio_id, ${p()}::numeric, capacidad_vendida, ${p()}, ${p()},
                 ${p()}::int, ${p()}::int
            from upd
        ), muestra as (
          insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
          select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada from upd
        ), cambio as (
          insert into cambios (entidad, entidad_id, accion, usuario_id, token_id, via, solicitud_id, cambios)
          select 'servicio', servicio_id, 'mover_capacidad', ${p()}::int, ${p()}::int,
                 ${p()}, ${p()}::text,
                 jsonb_build_array(jsonb_build_object('campo', 'capacidad_vendida',
                   'antes', capacidad_vendida - ${p()}::numeric, 'despues', capacidad_vendida))
            from upd
        )
        select * from upd`;
};
/** Before a capacity move: whether any active webhook wants its events. Params: the event names. */
export const WEBHOOKS_ACTIVOS = 'select 1 from webhooks where activo and eventos && $1::text[] limit 1';
export const AJUSTE_VENTA = ajuste(true);
export const AJUSTE_DEVOLUCION = ajuste(false);

/** What capturar-sql.ts must report for each endpoint, in order: the baseline runs exactly these. */
export const ESPERADO = {
  token: [TOKEN],
  conexionesPagina1: [LISTA_CONEXIONES, TOTAL_CONEXIONES],
  conexionesOffset: [LISTA_CONEXIONES, TOTAL_CONEXIONES],
  conexionesCursor: [LISTA_CONEXIONES_CURSOR, TOTAL_CONEXIONES],
  conexionPorId: [UNA_CONEXION],
  // capturar-sql.ts has one provider named CLARO, so "claro" names one provider.
  serviciosBusqueda: [PROVEEDORES_BUSQUEDA, SERVICIOS_BUSQUEDA, SERVICIOS_BUSQUEDA_TOTAL],
  ajustarCapacidad: [WEBHOOKS_ACTIVOS, AJUSTE_VENTA],
  ajustarCapacidadDevolucion: [WEBHOOKS_ACTIVOS, AJUSTE_DEVOLUCION],
};
