export { useOficios } from './useOficios';
