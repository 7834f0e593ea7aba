import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditRegistry } from '../../src/services/audit-actions.js';
import { AuditRegistry, type AuditDeclaration } from '../../src/services/audit-registry.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const sources = sourceFiles(SRC).map((path) => ({
  path: path.slice(SRC.length),
  text: readFileSync(path, 'utf8'),
}));
const literalsIn = (text: string) => [...text.matchAll(/(['"`])([^'"`\\$\n]*)\1/g)].map((m) => m[2]!);

/** Where each string literal that looks like an audit action or target type appears in src/. */
function scan() {
  const namespaces = new Set(auditRegistry.actions().map((a) => a.name.split('.')[0]));
  const actions = new Map<string, string>();
  const targetTypes = new Map<string, string>();
  for (const { path, text } of sources) {
    // Whatever an `action:` property or an `action` parameter's default is set to, in any form
    // (not a column named 'action', nor a request body's `action` field in schemas/: a bulk
    // change's),
    if (!path.startsWith('schemas/'))
      for (const match of text.matchAll(/(?<!['"`\w.])action\s*(?::\s*\w+\s*)?[:=](?!=)([^\n]*)/g)) {
        for (const literal of literalsIn(match[1]!)) actions.set(literal, path);
      }
    // and anything anywhere written like an action of a registered namespace (`'auth.logout'`
    // passed as an argument, say).
    for (const literal of literalsIn(text)) {
      const [namespace, ...rest] = literal.split('.');
      if (rest.length > 0 && /^[a-z_.]+$/.test(literal) && namespaces.has(namespace))
        actions.set(literal, path);
    }
    for (const match of text.matchAll(/\btarget\s*:\s*\{\s*type\s*:\s*(['"`])([^'"`]*)\1/g)) {
      targetTypes.set(match[2]!, path);
    }
  }
  return { actions, targetTypes };
}

describe('the audit action registry', () => {
  const { actions, targetTypes } = scan();

  it('finds the actions the services record, so the scan below can be trusted', () => {
    // Literal actions in the flows as they stand; a new one needs no change here.
    for (const name of ['user.created', 'auth.logout', 'session.revoked', 'auth.lockout_cleared']) {
      expect(actions.has(name), name).toBe(true);
    }
    expect(targetTypes.has('user') && targetTypes.has('session')).toBe(true);
  });

  it('has every action literal in src/ registered', () => {
    const unregistered = [...actions].filter(([name]) => !auditRegistry.isAction(name));
    expect(unregistered.map(([name, path]) => `${name} (${path})`)).toEqual([]);
  });

  it('has every target type given to recordEvent in src/ registered', () => {
    const unregistered = [...targetTypes].filter(([name]) => !auditRegistry.isTargetType(name));
    expect(unregistered.map(([name, path]) => `${name} (${path})`)).toEqual([]);
  });

  it('gives every action a label and a registered target type', () => {
    for (const action of auditRegistry.actions()) {
      expect(action.label.trim(), action.name).not.toBe('');
      expect(auditRegistry.isTargetType(action.target_type), action.name).toBe(true);
    }
  });

  it('refuses to record an action or a target type nobody registered', () => {
    expect(() => auditRegistry.assertRecordable('user.craeted')).toThrow(/"user.craeted" is not registered/);
    expect(() => auditRegistry.assertRecordable('user.created', 'usr')).toThrow(/"usr" is not registered/);
    expect(() => auditRegistry.assertRecordable('user.created', 'user')).not.toThrow();
    expect(() => auditRegistry.assertRecordable('auth.login_failed')).not.toThrow();
  });

  it('refuses to record an action about a type its declaration does not name', () => {
    // Both types are registered: only the action's declaration can tell this event is wrong.
    expect(() => auditRegistry.assertRecordable('user.created', 'session')).toThrow(
      /"user.created" is declared about a "user", not a "session"/,
    );
    expect(() => auditRegistry.assertRecordable('session.revoked', 'session')).not.toThrow();
    expect(() => auditRegistry.assertRecordable('session.revoked', 'user')).not.toThrow();
  });

  it('hands out copies, so nobody can relabel an action', () => {
    auditRegistry.actions()[0]!.label = 'changed';
    auditRegistry.targetTypes()[0]!.label = 'changed';
    const revoked = () => auditRegistry.actions().find((a) => a.name === 'session.revoked')!;
    revoked().other_target_types!.push('group');
    expect(revoked().other_target_types).toEqual(['user']);
    expect(auditRegistry.actions()[0]!.label).not.toBe('changed');
    expect(auditRegistry.targetTypes()[0]!.label).not.toBe('changed');
  });
});

describe('declarations the registry refuses at start', () => {
  const group = { name: 'group', label: 'Group' };
  const declare =
    (...declarations: AuditDeclaration[]) =>
    () =>
      new AuditRegistry(declarations);

  it.each<[string, AuditDeclaration[], RegExp]>([
    [
      'an action declared by two resources',
      [
        { target_types: [group], actions: [{ name: 'group.created', label: 'A', target_type: 'group' }] },
        { target_types: [], actions: [{ name: 'group.created', label: 'B', target_type: 'group' }] },
      ],
      /"group.created" is declared twice/,
    ],
    [
      'a target type declared twice',
      [{ target_types: [group, group], actions: [] }],
      /"group" is declared twice/,
    ],
    [
      'an action about a type nobody declared',
      [{ target_types: [], actions: [{ name: 'group.created', label: 'A', target_type: 'group' }] }],
      /undeclared target type "group"/,
    ],
    [
      'an action that may also be about a type nobody declared',
      [
        {
          target_types: [group],
          actions: [
            { name: 'group.created', label: 'A', target_type: 'group', other_target_types: ['team'] },
          ],
        },
      ],
      /undeclared target type "team"/,
    ],
    [
      'an action name that is not resource.verb',
      [{ target_types: [group], actions: [{ name: 'GroupCreated', label: 'A', target_type: 'group' }] }],
      /"GroupCreated" is not resource.verb/,
    ],
    [
      'an action name longer than its column',
      [
        {
          target_types: [group],
          actions: [{ name: `group.${'x'.repeat(59)}`, label: 'A', target_type: 'group' }],
        },
      ],
      /is not resource.verb in at most 64/,
    ],
    [
      'a target type longer than its column',
      [{ target_types: [{ name: 'g'.repeat(33), label: 'G' }], actions: [] }],
      /at most 32 characters/,
    ],
  ])('%s', (_case, declarations, message) => {
    expect(declare(...declarations)).toThrow(message);
  });

  it('takes declarations that fit, in the order given', () => {
    const registry = declare(
      {
        target_types: [group],
        actions: [{ name: 'group.created', label: 'Group created', target_type: 'group' }],
      },
      {
        target_types: [],
        actions: [{ name: 'group.member_added', label: 'Member added', target_type: 'group' }],
      },
    )();
    expect(registry.actions().map((a) => a.name)).toEqual(['group.created', 'group.member_added']);
  });
});
