/**
 * Barrel export para componentes de autenticación
 */

export { RegisterForm } from './RegisterForm';
export { LoginForm } from './LoginForm';
export { AuthLayout } from './AuthLayout';
