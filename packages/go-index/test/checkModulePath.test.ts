import { describe, expect, it } from 'vitest';
import { checkModulePath } from '@registry-miners/go-index';

describe('checkModulePath', () => {
  it('refuses Windows reserved names in any case, with or without an extension, and only them', () => {
    const reserved = ['con', 'CON', 'Prn', 'aUx', 'nul', 'com1', 'COM9', 'lpt1', 'Lpt9', 'con.txt', 'aux.go', 'com5.d'];
    for (const element of reserved) expect(checkModulePath(`example.com/x/${element}`), element).toMatch(/reserved name/);
    // Same lengths, not reserved: short elements are in most real paths.
    const allowed = ['cli', 'kit', 'orm', 'sdk', 'cons', 'com0', 'comx', 'com10', 'lpt0', 'lpta', 'nuls', 'auxx', 'c0n', 'prm', 'con-x', 'x.con', 'com_1', 'lpt~'];
    for (const element of allowed) expect(checkModulePath(`example.com/x/${element}`), element).toBeUndefined();
    // The first element is a host: a reserved base there is refused too.
    expect(checkModulePath('con.example/x')).toMatch(/reserved name/);
    expect(checkModulePath('cli.example/x')).toBeUndefined();
  });
});
