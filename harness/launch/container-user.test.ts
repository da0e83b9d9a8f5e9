import { describe, expect, it } from 'vitest';
import { containerUser, keyFileMode } from './container-user.js';

describe('containerUser and keyFileMode', () => {
  const rows = [
    { name: 'keeps the image user and 0600 keys for a root harness', explicit: undefined, ids: { uid: 0, gid: 0 }, user: undefined, mode: 0o600 },
    { name: 'runs as the harness user, with readable keys, for a non-root harness', explicit: undefined, ids: { uid: 1000, gid: 100 }, user: '1000:100', mode: 0o644 },
    { name: 'takes an explicit user over the harness ids', explicit: '0:0', ids: { uid: 1000, gid: 100 }, user: '0:0', mode: 0o600 },
    { name: 'keeps the image user where ids are unknown (Windows)', explicit: undefined, ids: {}, user: undefined, mode: 0o600 },
  ];
  it.each(rows)('$name', ({ explicit, ids, user, mode }) => {
    const chosen = containerUser(explicit, ids);
    expect({ user: chosen, mode: keyFileMode(chosen).toString(8) }).toEqual({ user, mode: mode.toString(8) });
  });
});
