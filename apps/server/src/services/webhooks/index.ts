/** Webhooks: endpoints, the transactional outbox and the delivery worker (README, "Webhooks"). */
export { type ConfigRepartidor, configRepartidor, configWebhooks, webhooksEnvShape } from './config';
export { motivoDestinoNoPermitido, type PoliticaDestinos, politicaDestinos } from './destino';
export { EVENTO_PRUEBA, emitirEvento, emitirSobreventas } from './emitir';
export {
  actualizarWebhook,
  type ConfigWebhooks,
  crearWebhook,
  eliminarWebhook,
  probarWebhook,
  reintentarEntrega,
} from './escribir';
export { emitirConexion, emitirServicio } from './eventos';
export { listarEntregas, listarWebhooks, obtenerWebhook } from './leer';
export { iniciarRepartidor, type Repartidor } from './repartidor';
export { firmar } from './secreto';
