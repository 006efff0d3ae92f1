export { useOfertas } from './useOfertas';
export { useOfertasByChat } from './useOfertasByChat';
export { useCreateOferta } from './useCreateOferta';
export { useAcceptOferta } from './useAcceptOferta';
export { useRejectOferta } from './useRejectOferta';
