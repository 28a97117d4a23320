// The module's surface for the rest of the client.
export { LoginPage } from './components/LoginPage';
export { AuthProvider, useAuth } from './state/auth-context';
