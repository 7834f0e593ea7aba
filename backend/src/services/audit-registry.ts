/**
 * How resources declare what their audit events mean, and the checks on those declarations.
 * The declarations themselves, and the one list that registers them, are in audit-actions.ts.
 */

/** A kind of thing events are about: `user`, `session`. Declared once, by its resource. */
export interface AuditTargetType {
  name: string;
  label: string;
}

/** What happened: `user.created`, shown as "User created", about a `user`. */
export interface AuditAction {
  name: string;
  label: string;
  /** The type of the thing the action's events name as their target. */
  target_type: string;
  /**
   * Other types its events may name instead, when one action covers both (`session.revoked`:
   * one session, or all of a user's). recordEvent refuses any type not declared here.
   */
  other_target_types?: readonly string[];
}

/** An action as the registry hands it out: a copy. */
export type AuditActionCopy = Omit<AuditAction, 'other_target_types'> & { other_target_types?: string[] };

/** One resource's contribution: the target types it owns and the actions it records. */
export interface AuditDeclaration {
  target_types: readonly AuditTargetType[];
  actions: readonly AuditAction[];
}

// The audit_events columns are varchar(64) and varchar(32); a name that does not fit would
// fail only when the first such event is written.
const ACTION_NAME = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
const TARGET_TYPE_NAME = /^[a-z][a-z_]*$/;
const ACTION_MAX = 64;
const TARGET_TYPE_MAX = 32;

/** Every declared action and target type, checked when it is built so a bad one fails at start. */
export class AuditRegistry {
  private readonly actionsByName = new Map<string, AuditAction>();
  private readonly typesByName = new Map<string, AuditTargetType>();

  constructor(declarations: readonly AuditDeclaration[]) {
    for (const type of declarations.flatMap((d) => d.target_types)) {
      if (!TARGET_TYPE_NAME.test(type.name) || type.name.length > TARGET_TYPE_MAX) {
        throw new Error(`audit target type "${type.name}" is not a lower-case word of at most 32 characters`);
      }
      if (this.typesByName.has(type.name))
        throw new Error(`audit target type "${type.name}" is declared twice`);
      this.typesByName.set(type.name, type);
    }
    for (const action of declarations.flatMap((d) => d.actions)) {
      if (!ACTION_NAME.test(action.name) || action.name.length > ACTION_MAX) {
        throw new Error(`audit action "${action.name}" is not resource.verb in at most 64 characters`);
      }
      if (this.actionsByName.has(action.name))
        throw new Error(`audit action "${action.name}" is declared twice`);
      for (const type of [action.target_type, ...(action.other_target_types ?? [])]) {
        if (!this.typesByName.has(type)) {
          throw new Error(`audit action "${action.name}" names undeclared target type "${type}"`);
        }
      }
      this.actionsByName.set(action.name, action);
    }
  }

  /** In the order declared and registered; copies, lists too, so no caller can change the registry. */
  actions(): AuditActionCopy[] {
    return [...this.actionsByName.values()].map(({ other_target_types, ...action }) => ({
      ...action,
      ...(other_target_types && { other_target_types: [...other_target_types] }),
    }));
  }

  targetTypes(): AuditTargetType[] {
    return [...this.typesByName.values()].map((type) => ({ ...type }));
  }

  isAction(name: string): boolean {
    return this.actionsByName.has(name);
  }

  isTargetType(name: string): boolean {
    return this.typesByName.has(name);
  }

  /**
   * Throws unless the action is declared and the target type, when there is one, is one its
   * declaration names: an event nobody declared would reach the log with no label and no way to
   * filter for it, and one about another type would contradict what GET /audit/actions says.
   */
  assertRecordable(action: string, targetType?: string): void {
    const declared = this.actionsByName.get(action);
    if (!declared) {
      throw new Error(`audit action "${action}" is not registered (services/audit-actions.ts)`);
    }
    if (targetType === undefined) return;
    if (!this.isTargetType(targetType)) {
      throw new Error(`audit target type "${targetType}" is not registered (services/audit-actions.ts)`);
    }
    if (targetType !== declared.target_type && !declared.other_target_types?.includes(targetType)) {
      throw new Error(
        `audit action "${action}" is declared about a "${declared.target_type}", not a "${targetType}" ` +
          '(other_target_types in its declaration)',
      );
    }
  }
}
