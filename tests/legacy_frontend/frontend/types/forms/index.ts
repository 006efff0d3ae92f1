/**
 * Barrel export para tipos de formularios
 */

export * from './auth';
export * from './profile';
