// Collects semantic issues, placing each on the merged tree's node for a path, so an issue points at the
// file (base or child profile) that defined the offending value.
import { keyOriginAt, nodeAt, type LocatedNode, type Origin } from './located-node.js';
import { formatPath, type PathSegments } from './profile-issue.js';
import type { PlacedIssue } from './schema-issues.js';

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Semantic issues in the making. */
export class IssueSink {
  readonly issues: PlacedIssue[] = [];

  constructor(
    private readonly root: LocatedNode,
    /** display path → file text, to point inside a string at the `{{…}}` that is wrong */
    private readonly texts: ReadonlyMap<string, string>,
  ) {}

  /** At the value of a path. */
  at(path: PathSegments, message: string): void {
    this.push(nodeAt(this.root, path).origin, path, message);
  }

  /** At the key of a path (the last segment), e.g. the second action key of a step. */
  atKey(path: PathSegments, message: string): void {
    this.push(keyOriginAt(this.root, path), path, message);
  }

  /** At `needle` inside the string at a path when it is written there verbatim, else at the string. */
  atText(path: PathSegments, needle: string, message: string): void {
    const origin = nodeAt(this.root, path).origin;
    const text = this.texts.get(origin.file);
    const found = text?.slice(origin.offset, Math.max(origin.end, origin.offset)).indexOf(needle) ?? -1;
    if (text === undefined || found < 0) return this.push(origin, path, message);
    const offset = origin.offset + found;
    this.push({ ...origin, ...lineColumn(text, offset), offset }, path, message);
  }

  /** At a place outside the profile's YAML, such as a line of a script file it names. */
  atOrigin(origin: Origin, path: PathSegments, message: string): void {
    this.push(origin, path, message);
  }

  private push(origin: Origin, path: PathSegments, message: string): void {
    this.issues.push({ origin, path: formatPath(path), message, rank: 1 });
  }
}
