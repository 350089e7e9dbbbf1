import { display } from '@registry-miners/utils';
import { describe, expect, it } from 'vitest';
import { escapeModulePath, escapeVersion, GoProxyError } from '@registry-miners/go-proxy-origin';

function thrown(fn: () => unknown): GoProxyError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GoProxyError);
    return error as GoProxyError;
  }
  throw new Error('expected a GoProxyError');
}

describe('escapeModulePath', () => {
  it.each([
    ['github.com/BurntSushi/toml', 'github.com/!burnt!sushi/toml'],
    ['github.com/Azure/azure-sdk-for-go/sdk/azcore', 'github.com/!azure/azure-sdk-for-go/sdk/azcore'],
    ['github.com/AAA/bB', 'github.com/!a!a!a/b!b'],
    ['golang.org/x/text', 'golang.org/x/text'],
    ['gopkg.in/yaml.v3', 'gopkg.in/yaml.v3'],
    ['example.com/a_b-c~d', 'example.com/a_b-c~d'],
  ])('%s → %s', (path, escaped) => {
    expect(escapeModulePath(path)).toBe(escaped);
  });

  it.each([
    ['', 'empty'],
    ['/github.com/x', 'empty path element'],
    ['github.com//x', 'empty path element'],
    ['github.com/x/', 'empty path element'],
    ['github.com/my repo', "invalid character ' '"],
    ['github.com/x!y', "invalid character '!'"],
    ['github.com/ünicode', "invalid character 'ü'"],
    ['github.com/x+y', "invalid character '+'"],
    ['github.com/.hidden', 'starts or ends with a dot'],
    ['github.com/..', 'starts or ends with a dot'],
    ['gopkg.in/yaml.', 'starts or ends with a dot'],
  ])('rejects %j (%s)', (path, problem) => {
    const error = thrown(() => escapeModulePath(path));
    expect(error.code).toBe('ERR_GOPROXY_INVALID_PATH');
    expect(error.message).toContain(`Invalid module path ${display(path)}`);
    expect(error.message).toContain(problem);
  });
});

describe('escapeVersion', () => {
  it.each([
    ['v0.1.0-M3', 'v0.1.0-!m3'],
    ['v1.0.0-RC.1', 'v1.0.0-!r!c.1'],
    ['v1.2.3', 'v1.2.3'],
    ['v2.0.0+incompatible', 'v2.0.0+incompatible'],
    ['v0.0.0-20190410190852-abcdef012345', 'v0.0.0-20190410190852-abcdef012345'],
  ])('%s → %s', (version, escaped) => {
    expect(escapeVersion(version)).toBe(escaped);
  });

  it.each([
    ['', 'empty'],
    ['..', 'not a version'],
    ['v1/2', "invalid character '/'"],
    ['v1.0.0-!m3', "invalid character '!'"],
    ['v1 .0', "invalid character ' '"],
  ])('rejects %j (%s)', (version, problem) => {
    const error = thrown(() => escapeVersion(version));
    expect(error.code).toBe('ERR_GOPROXY_INVALID_VERSION');
    expect(error.message).toContain(`Invalid module version ${display(version)}`);
    expect(error.message).toContain(problem);
  });
});
