import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { disposeWsClient, gql, onUnauthorized } from '../../../lib/graphql';
import { wipeDevice } from '../../../lib/offline';
import { readSession, writeSession, type SessionUser } from '../../../lib/session';
import { LOGIN, LOGOUT } from '../graphql/auth.generated';

interface AuthState {
  readonly user: SessionUser | null;
  readonly token: string | null;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState(readSession);

  const clear = useCallback(() => {
    writeSession(null);
    disposeWsClient();
    setSession(null);
  }, []);

  useEffect(() => onUnauthorized(clear), [clear]);

  const login = useCallback(async (email: string, password: string) => {
    const data = await gql(LOGIN, { email, password });
    writeSession(data.login);
    setSession(data.login);
  }, []);

  const logout = useCallback(async () => {
    try {
      await gql(LOGOUT);
    } catch {
      // The token is dropped locally whatever the server says; it expires on its own.
    }
    clear();
    // Signing out leaves nothing of the cases on this device: kept answers, notes and timeline copies.
    await wipeDevice();
  }, [clear]);

  const value = useMemo<AuthState>(
    () => ({ user: session?.user ?? null, token: session?.token ?? null, login, logout }),
    [session, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
