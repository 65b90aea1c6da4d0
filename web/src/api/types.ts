export type Role = 'owner' | 'admin' | 'member' | 'viewer' | 'privacy_officer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer', 'privacy_officer'];

export type ApiKeyScope = 'read' | 'write' | 'admin' | 'privacy';
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'write', 'admin', 'privacy'];

export type Locale = 'en' | 'id';

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  company: string | null;
  locale: string | null;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  isPlatformOperator: boolean;
  createdAt: string;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  role: Role;
}

export interface Me {
  user: User;
  workspaces: WorkspaceSummary[];
}

export interface Workspace {
  id: string;
  name: string;
  dataRegion: string;
  require2fa: boolean;
  role: Role;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Session {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string | null;
  ipTruncated: string | null;
  userAgent: string | null;
}

export interface Member {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

export interface Policy {
  version: string;
  effectiveAt: string;
  lastUpdated: string;
  markdown: string;
}

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
  company?: string;
  phone?: string;
  birthDate?: string;
  ageConfirmed: boolean;
  locale?: Locale;
  invitationToken?: string;
}
