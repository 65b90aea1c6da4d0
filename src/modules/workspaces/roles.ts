/** Workspace roles and what each may do. API-key scopes map onto the same permissions. */
export const ROLES = ['owner', 'admin', 'member', 'viewer', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'records.read',
  'records.write',
  'workspace.manage',
  'members.manage',
  'apikeys.manage',
  'privacy.read',
  'privacy.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  member: ['records.read', 'records.write'],
  viewer: ['records.read'],
  privacy_officer: ['records.read', 'privacy.read', 'privacy.manage'],
};

export const SCOPES = ['read', 'write', 'admin', 'privacy'] as const;
export type Scope = (typeof SCOPES)[number];

const SCOPE_PERMISSIONS: Record<Scope, readonly Permission[]> = {
  read: ['records.read'],
  write: ['records.read', 'records.write'],
  admin: ['workspace.manage', 'members.manage', 'apikeys.manage', 'records.read'],
  privacy: ['privacy.read', 'privacy.manage', 'records.read'],
};

export function roleCan(role: Role, p: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(p);
}

export function scopesCan(scopes: readonly Scope[], p: Permission): boolean {
  return scopes.some((s) => SCOPE_PERMISSIONS[s].includes(p));
}

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

export function isScope(v: string): v is Scope {
  return (SCOPES as readonly string[]).includes(v);
}
