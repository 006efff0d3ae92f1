/**
 * Barrel export para componentes de Admin
 */

export { DashboardMetrics } from './DashboardMetrics';
