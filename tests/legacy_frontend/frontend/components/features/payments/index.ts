/**
 * Barrel export para componentes de Payments
 */

export { BalanceCard } from './BalanceCard';
export { PaymentHistoryList } from './PaymentHistoryList';
export { TransactionCard } from './TransactionCard';
