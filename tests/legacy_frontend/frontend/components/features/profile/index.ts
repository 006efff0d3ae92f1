/**
 * Barrel export para componentes de perfil
 */

export { UserProfileForm } from './UserProfileForm';
export { ProfessionalProfileForm } from './ProfessionalProfileForm';
