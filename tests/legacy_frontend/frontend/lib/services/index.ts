/**
 * Índice de servicios API
 * Exporta todos los servicios para fácil importación
 */

export { authService } from './authService';
export { userService } from './userService';
export { professionalService } from './professionalService';
export { clienteService } from './clienteService';
export { adminService } from './adminService';
export { publicService } from './publicService';
export { searchService } from './searchService';
export { paymentService } from './paymentService';
export { reviewService } from './reviewService';
export { notificationService } from './notificationService';
export { disputeService } from './disputeService';
export { chatService } from './chatService';
