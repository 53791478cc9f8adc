-- Every monitoring cycle rewrites capacidad_utilizada of the services whose measure moved (thousands
-- a cycle at 10,000 services). Without room in their pages each of those updates was a new row
-- version with new entries in every index — the trigram GIN index on `busqueda` included — and 97 %
-- of them were (measured at 110,000 bindings). Room left in each page keeps them on the page (HOT),
-- as 0011 does for the bindings and connections. Applies to pages written from now on; VACUUM FULL
-- (or pg_repack) applies it to existing ones.
ALTER TABLE "servicios_proveedor" SET (fillfactor = 70);
