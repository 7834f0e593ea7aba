import type { Me, Permission, User } from './types.ts';

/** Who is signed in and what they may do, as the API said in GET /auth/me. */
export class Session {
  me: Me | null = null;
  mustChangePassword = false;

  get user(): User | null {
    return this.me?.user ?? null;
  }

  can(permission: Permission): boolean {
    return this.me?.permissions.includes(permission) ?? false;
  }

  set(me: Me): void {
    this.me = me;
    this.mustChangePassword = me.must_change_password ?? false;
  }

  clear(): void {
    this.me = null;
    this.mustChangePassword = false;
  }
}
