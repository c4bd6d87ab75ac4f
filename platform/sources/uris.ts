/**
 * Paths between workspace files, computed on their URIs: the platform library sees files only as
 * URIs (file:///…), so "the folder of Chart.yaml" and "../base relative to an overlay" are string
 * operations here, never file-system calls.
 */

/** The folder URI of a file URI, without a trailing slash. */
export function folderOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? uri : uri.slice(0, slash);
}

export function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * A relative path (as written in a kustomization or by helm) resolved against a folder URI, as a
 * key (see uriKey); undefined for absolute paths, URLs and paths that climb above the URI's root.
 */
export function resolveRelative(folder: string, relative: string): string | undefined {
  folder = uriKey(folder);
  if (relative === '' || relative.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(relative) || relative.includes('\\')) return undefined;
  // file:///a/b keeps "file://" as its root; a CLI path is absolute ("/") or relative ("").
  const schemeEnd = folder.indexOf('://');
  const rootEnd = schemeEnd < 0 ? (folder.startsWith('/') ? 1 : 0) : folder.indexOf('/', schemeEnd + 3) + 1;
  if (rootEnd <= 0 && schemeEnd >= 0) return undefined;
  const root = folder.slice(0, rootEnd);
  const segments = folder.slice(rootEnd).split('/').filter((s) => s !== '' && s !== '.');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else {
      segments.push(part);
    }
  }
  return `${root}${segments.join('/')}`;
}

/** Whether `uri` lies below the folder URI `folder`. */
export function isBelow(uri: string, folder: string): boolean {
  return uri.startsWith(`${folder}/`);
}

/** The path of `uri` below `folder`, decoded, with '/' separators. */
export function relativePath(folder: string, uri: string): string {
  return uri
    .slice(folder.length + 1)
    .split('/')
    .map(decodeSegment)
    .join('/');
}

/**
 * A URI with its path decoded: VS Code and Node's pathToFileURL percent-encode different
 * characters (':' '@' '='), so URIs are compared and joined by this key, never as written.
 */
export function uriKey(uri: string): string {
  return uri.split('/').map(decodeSegment).join('/');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
