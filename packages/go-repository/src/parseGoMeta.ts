/** One `<meta name="go-import" content="PREFIX VCS REPO-URL [SUBDIR]">` tag. */
export interface GoImport {
  prefix: string;
  /** `git`, `hg`, … or `mod` (a module proxy, not a repository). */
  vcs: string;
  repoUrl: string;
  /** Go 1.25+: the module's directory inside the repository. */
  subdir?: string;
}

/** One `<meta name="go-source" content="PREFIX HOME DIRECTORY-TEMPLATE FILE-TEMPLATE">` tag (`_` = as go-import). */
export interface GoSource {
  prefix: string;
  home: string;
  directory: string;
  file: string;
}

export interface GoMeta {
  imports: GoImport[];
  sources: GoSource[];
}

/** At most this many meta tags are read from one page: a real page has a handful. */
const MAX_META_TAGS = 1000;

const TAG_NAME = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)/;
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
const ENTITY = /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(text); match !== null; match = ATTRIBUTE.exec(text)) {
    // Attribute names are case-insensitive (as in the go command); the first occurrence wins.
    const name = match[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return out;
}

/**
 * The tags of `text`, in order: one forward scan (quotes respected inside a tag), so hostile input
 * costs linear time. An unterminated tag ends the scan.
 */
function* tags(text: string): Generator<{ closing: boolean; name: string; attributes: string }> {
  let at = text.indexOf('<');
  while (at >= 0) {
    const head = TAG_NAME.exec(text.slice(at, at + 64));
    if (!head) {
      at = text.indexOf('<', at + 1);
      continue;
    }
    let quote = '';
    let end = at + head[0].length;
    for (; end < text.length; end++) {
      const char = text[end];
      if (quote) {
        if (char === quote) quote = '';
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '>') {
        break;
      }
    }
    if (end >= text.length) return;
    yield { closing: head[1] === '/', name: head[2]!.toLowerCase(), attributes: text.slice(at + head[0].length, end) };
    at = text.indexOf('<', end + 1);
  }
}

/** The text without `<!-- … -->` comments (a commented-out tag does not count). */
function withoutComments(html: string): string {
  let out = '';
  let from = 0;
  for (let start = html.indexOf('<!--'); start >= 0; start = html.indexOf('<!--', from)) {
    out += html.slice(from, start);
    const end = html.indexOf('-->', start + 4);
    if (end < 0) return out;
    from = end + 3;
  }
  return out + html.slice(from);
}

/**
 * Reads the `go-import` and `go-source` meta tags of a `?go-get=1` page as the go command does: tags
 * before `<body>` or `</head>`, attribute names in any case, entities decoded, `content` split on
 * whitespace; a go-import tag needs 3 fields (4 since Go 1.25, the last a subdirectory), a go-source
 * tag 4; others are ignored. Never throws: garbage yields no tags. Linear in the input; read at most
 * {@link MAX_META_TAGS} meta tags.
 *
 * @example
 * parseGoMeta('<meta name="go-import" content="go.uber.org/zap git https://github.com/uber-go/zap">');
 * // { imports: [{ prefix: 'go.uber.org/zap', vcs: 'git', repoUrl: 'https://github.com/uber-go/zap' }], sources: [] }
 */
export function parseGoMeta(html: string): GoMeta {
  const meta: GoMeta = { imports: [], sources: [] };
  let seen = 0;
  for (const tag of tags(withoutComments(html))) {
    if ((!tag.closing && tag.name === 'body') || (tag.closing && tag.name === 'head')) break;
    if (tag.closing || tag.name !== 'meta') continue;
    if (++seen > MAX_META_TAGS) break;
    const attrs = attributes(tag.attributes);
    const kind = attrs.get('name');
    const fields = (attrs.get('content') ?? '').split(/\s+/).filter(Boolean);
    if (kind === 'go-import' && (fields.length === 3 || fields.length === 4)) {
      const [prefix, vcs, repoUrl, subdir] = fields as [string, string, string, string | undefined];
      meta.imports.push(subdir === undefined ? { prefix, vcs, repoUrl } : { prefix, vcs, repoUrl, subdir });
    } else if (kind === 'go-source' && fields.length === 4) {
      const [prefix, home, directory, file] = fields as [string, string, string, string];
      meta.sources.push({ prefix, home, directory, file });
    }
  }
  return meta;
}
