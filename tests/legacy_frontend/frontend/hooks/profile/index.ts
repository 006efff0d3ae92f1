/**
 * Barrel export para hooks de perfil
 */

export { useUserProfile } from './useUserProfile';
export { useProfessionalProfile } from './useProfessionalProfile';
export { useUpdateUserProfile } from './useUpdateUserProfile';
export { useUpdateProfessionalProfile } from './useUpdateProfessionalProfile';
