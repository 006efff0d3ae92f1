/**
 * Barrel export para componentes de Reviews
 */

export { ReviewForm } from './ReviewForm';
export { ReviewsList } from './ReviewsList';
