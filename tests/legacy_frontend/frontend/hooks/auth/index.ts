/**
 * Barrel export para hooks de autenticación
 */

export { useRegister } from './useRegister';
export { useLogin } from './useLogin';
export { useOficios } from './useOficios';
