/**
 * Barrel export para componentes de Trabajos
 */

export { TrabajosList } from './TrabajosList';
export { TrabajoDetail } from './TrabajoDetail';
