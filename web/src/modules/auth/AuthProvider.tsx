import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from '../../api/client';
import type { Me } from '../../api/types';

interface Auth {
  me: Me | null;
  ready: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const loadMe = useCallback(async () => {
    try {
      const m = await api<Me>('/auth/me');
      setCsrfToken(m.csrfToken);
      setMe(m);
    } catch {
      setMe(null);
    } finally {
      setReady(true);
    }
  }, []);
  useEffect(() => void loadMe(), [loadMe]);
  const login = useCallback(
    async (username: string, password: string) => {
      await api('/auth/login', { method: 'POST', body: { username, password } });
      await loadMe();
    },
    [loadMe],
  );
  const logout = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    setMe(null);
  }, []);
  const can = useCallback((p: string) => me?.permissions.includes(p) ?? false, [me]);
  return <AuthContext.Provider value={{ me, ready, login, logout, can }}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
