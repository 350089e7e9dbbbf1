/** Whether `prefix` is `path` or a leading part of it ending at a `/` (the go command's rule). */
export function hasPathPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  return path.length === prefix.length || path.charCodeAt(prefix.length) === 0x2f;
}

/** `a.com/b/c` → `['a.com/b/c', 'a.com/b', 'a.com']`: the path and every ancestor, longest first. */
export function pathAndAncestors(path: string): string[] {
  const out = [path];
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) out.push(path.slice(0, slash));
  return out;
}

/** The host element of a module path (`a.com/b` → `a.com`). */
export function hostOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
}

// Module path syntax (golang.org/x/mod/module.CheckPath): a host with a dot, elements of ASCII letters,
// digits and `-._~`, no empty or dot-only element.
const MODULE_PATH = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\/[A-Za-z0-9_.~-]+)*$/;

/** Whether `path` can be a module path worth asking a host about (bounded length, no odd characters). */
export function isModulePath(path: string): boolean {
  return path.length <= 512 && MODULE_PATH.test(path) && !path.split('/').some((element) => /^\.+$/.test(element));
}
