/**
 * Barrel export para hooks de Reviews
 * 
 * Queries:
 * - useReviews: lista de reseñas de un profesional
 * - useReviewStats: estadísticas (promedio, distribución)
 * 
 * Mutations:
 * - useCreateReview: crear reseña para trabajo completado
 */

// Queries
export { useReviews } from './useReviews';
export { useReviewStats } from './useReviewStats';

// Mutations
export { useCreateReview } from './useCreateReview';
