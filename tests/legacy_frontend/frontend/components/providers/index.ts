export { AuthProvider } from './AuthProvider';
