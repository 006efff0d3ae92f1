/**
 * Barrel export para hooks de Payments
 */

// Query hooks
export { usePaymentHistory } from './usePaymentHistory';
export { useMyTransactions } from './useMyTransactions';
export { useBalance } from './useBalance';
export { useAdminPaymentStats } from './useAdminPaymentStats';

// Mutation hooks
export { useReleasePayment } from './useReleasePayment';
export { useRequestRefund } from './useRequestRefund';
