import { api } from './client';
import type {
  ApiKey,
  ApiKeyScope,
  CreatedApiKey,
  Invitation,
  Me,
  Member,
  Page,
  Policy,
  RegisterInput,
  Role,
  Session,
  TwoFactorSetup,
  User,
  Workspace,
  WorkspaceSummary,
} from './types';

const publicCall = { redirectOn401: false } as const;

export const auth = {
  register: (input: RegisterInput) =>
    api<{ user: User; workspace: WorkspaceSummary | null }>('/api/v1/auth/register', {
      method: 'POST',
      body: input,
      ...publicCall,
    }),
  verifyEmail: (token: string) =>
    api<{ ok: boolean }>('/api/v1/auth/verify-email', { method: 'POST', body: { token }, ...publicCall }),
  resendVerification: (email: string) =>
    api<void>('/api/v1/auth/resend-verification', { method: 'POST', body: { email }, ...publicCall }),
  login: (input: { email: string; password: string; totp?: string }) =>
    api<{ user: User; workspaces: WorkspaceSummary[] }>('/api/v1/auth/login', {
      method: 'POST',
      body: input,
      ...publicCall,
    }),
  logout: () => api<void>('/api/v1/auth/logout', { method: 'POST', ...publicCall }),
  requestPasswordReset: (email: string) =>
    api<void>('/api/v1/auth/password-reset', { method: 'POST', body: { email }, ...publicCall }),
  confirmPasswordReset: (token: string, password: string) =>
    api<void>('/api/v1/auth/password-reset/confirm', { method: 'POST', body: { token, password }, ...publicCall }),
};

export const account = {
  /** Used both to guard the app and, quietly, to learn whether a visitor is signed in. */
  me: (redirectOn401 = true) => api<Me>('/api/v1/me', { redirectOn401 }),
  update: (input: { name?: string; phone?: string | null; locale?: string }) =>
    api<Me>('/api/v1/me', { method: 'PATCH', body: input }),
  sessions: () => api<{ data: Session[] }>('/api/v1/auth/sessions'),
  revokeSession: (id: string) => api<void>(`/api/v1/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  setupTwoFactor: () => api<TwoFactorSetup>('/api/v1/auth/2fa/setup', { method: 'POST' }),
  enableTwoFactor: (code: string) =>
    api<{ recoveryCodes: string[] }>('/api/v1/auth/2fa/enable', { method: 'POST', body: { code } }),
  disableTwoFactor: (password: string) => api<void>('/api/v1/auth/2fa/disable', { method: 'POST', body: { password } }),
};

export const workspace = {
  get: () => api<Workspace>('/api/v1/workspace'),
  update: (input: { name?: string; require2fa?: boolean }) =>
    api<Workspace>('/api/v1/workspace', { method: 'PATCH', body: input }),
  members: () => api<Page<Member>>('/api/v1/members?limit=200'),
  updateMember: (id: string, role: Role) =>
    api<Member>(`/api/v1/members/${encodeURIComponent(id)}`, { method: 'PATCH', body: { role } }),
  removeMember: (id: string) => api<void>(`/api/v1/members/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  invitations: () => api<Page<Invitation>>('/api/v1/invitations?limit=200'),
  invite: (input: { email: string; role: Role }) =>
    api<Invitation>('/api/v1/invitations', { method: 'POST', body: input }),
  revokeInvitation: (id: string) => api<void>(`/api/v1/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  acceptInvitation: (token: string) =>
    api<{ workspace: WorkspaceSummary }>('/api/v1/invitations/accept', { method: 'POST', body: { token } }),
  apiKeys: () => api<Page<ApiKey>>('/api/v1/api-keys?limit=200'),
  createApiKey: (input: { name: string; scopes: ApiKeyScope[]; expiresAt?: string }) =>
    api<CreatedApiKey>('/api/v1/api-keys', { method: 'POST', body: input }),
  revokeApiKey: (id: string) => api<void>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export const publicApi = {
  policy: () => api<Policy>('/public/v1/policy', publicCall),
};
