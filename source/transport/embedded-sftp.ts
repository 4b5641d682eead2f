// The SFTP subsystem of the in-process host: enough of SFTPv3 for upload, download and directory work, on real
// absolute paths (relative ones resolve against the shell's cwd).
import { promises as fs, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { Attributes, SFTPWrapper } from 'ssh2';
import { utils } from './ssh2-runtime.js';

const { STATUS_CODE, flagsToString } = utils.sftp;

type Handle = { kind: 'file'; file: fs.FileHandle } | { kind: 'dir'; path: string; done: boolean };

function attrsOf(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function statusFor(error: unknown): number {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

async function applyAttrs(path: string, attrs: Partial<Attributes>): Promise<void> {
  if (attrs.mode !== undefined) await fs.chmod(path, attrs.mode & 0o7777);
  if (attrs.uid !== undefined && attrs.gid !== undefined) await fs.chown(path, attrs.uid, attrs.gid);
  if (attrs.atime !== undefined && attrs.mtime !== undefined) await fs.utimes(path, attrs.atime, attrs.mtime);
}

/** One session's state: open handles and the reply helpers every request handler uses. */
type Session = {
  sftp: SFTPWrapper;
  handles: Map<string, Handle>;
  abs: (path: string) => string;
  newHandle: (handle: Handle) => Buffer;
  /** Runs a request's work; a thrown error becomes its status reply. */
  respond: (reqId: number, work: () => Promise<void>) => void;
  ok: (reqId: number) => void;
  fileOf: (handle: Buffer) => fs.FileHandle;
};

function openSession(sftp: SFTPWrapper, cwd: string): Session {
  const handles = new Map<string, Handle>();
  let nextHandle = 0;
  return {
    sftp,
    handles,
    abs: (path) => resolve(cwd, path),
    newHandle: (handle) => {
      const id = Buffer.alloc(4);
      id.writeUInt32BE(nextHandle++);
      handles.set(id.toString('hex'), handle);
      return id;
    },
    respond: (reqId, work) => {
      work().catch((error: unknown) => sftp.status(reqId, statusFor(error), (error as Error).message));
    },
    ok: (reqId) => sftp.status(reqId, STATUS_CODE.OK),
    fileOf: (handle) => {
      const found = handles.get(handle.toString('hex'));
      if (found?.kind !== 'file') throw Object.assign(new Error('invalid handle'), { code: 'EBADF' });
      return found.file;
    },
  };
}

/** Requests on open file handles. */
function serveFiles({ sftp, handles, abs, newHandle, respond, ok, fileOf }: Session): void {
  sftp.on('OPEN', (reqId, filename, flags, attrs) =>
    respond(reqId, async () => {
      const file = await fs.open(abs(filename), flagsToString(flags) ?? 'r', attrs.mode ?? 0o644);
      sftp.handle(reqId, newHandle({ kind: 'file', file }));
    }),
  );
  sftp.on('READ', (reqId, handle, offset, length) =>
    respond(reqId, async () => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await fileOf(handle).read(buffer, 0, length, offset);
      if (bytesRead === 0) sftp.status(reqId, STATUS_CODE.EOF);
      else sftp.data(reqId, buffer.subarray(0, bytesRead));
    }),
  );
  sftp.on('WRITE', (reqId, handle, offset, data) =>
    respond(reqId, async () => {
      await fileOf(handle).write(data, 0, data.length, offset);
      ok(reqId);
    }),
  );
  sftp.on('CLOSE', (reqId, handle) =>
    respond(reqId, async () => {
      const key = handle.toString('hex');
      const found = handles.get(key);
      handles.delete(key);
      if (found?.kind === 'file') await found.file.close();
      ok(reqId);
    }),
  );
  sftp.on('FSTAT', (reqId, handle) =>
    respond(reqId, async () => sftp.attrs(reqId, attrsOf(await fileOf(handle).stat()))),
  );
  sftp.on('FSETSTAT', (reqId, handle, attrs) =>
    respond(reqId, async () => {
      const file = fileOf(handle);
      if (attrs.mode !== undefined) await file.chmod(attrs.mode & 0o7777);
      if (attrs.atime !== undefined && attrs.mtime !== undefined) await file.utimes(attrs.atime, attrs.mtime);
      ok(reqId);
    }),
  );
}

/** Requests on paths: attributes, links, renames, removal. */
function servePaths({ sftp, abs, respond, ok }: Session): void {
  sftp.on('STAT', (reqId, path) =>
    respond(reqId, async () => sftp.attrs(reqId, attrsOf(await fs.stat(abs(path))))),
  );
  sftp.on('LSTAT', (reqId, path) =>
    respond(reqId, async () => sftp.attrs(reqId, attrsOf(await fs.lstat(abs(path))))),
  );
  sftp.on('SETSTAT', (reqId, path, attrs) =>
    respond(reqId, async () => {
      await applyAttrs(abs(path), attrs);
      ok(reqId);
    }),
  );
  sftp.on('MKDIR', (reqId, path, attrs) =>
    respond(reqId, async () => {
      await fs.mkdir(abs(path), { mode: attrs.mode ?? 0o755 });
      ok(reqId);
    }),
  );
  const simple = (event: 'REMOVE' | 'RMDIR', action: (path: string) => Promise<void>) =>
    sftp.on(event, (reqId: number, path: string) =>
      respond(reqId, async () => {
        await action(abs(path));
        ok(reqId);
      }),
    );
  simple('REMOVE', (path) => fs.unlink(path));
  simple('RMDIR', (path) => fs.rmdir(path));
  sftp.on('RENAME', (reqId, from, to) =>
    respond(reqId, async () => {
      await fs.rename(abs(from), abs(to));
      ok(reqId);
    }),
  );
  sftp.on('REALPATH', (reqId, path) =>
    respond(reqId, async () => {
      const full = abs(path);
      sftp.name(reqId, [{ filename: full, longname: full, attrs: {} as Attributes }]);
    }),
  );
  sftp.on('READLINK', (reqId, path) =>
    respond(reqId, async () => {
      const target = await fs.readlink(abs(path));
      sftp.name(reqId, [{ filename: target, longname: target, attrs: {} as Attributes }]);
    }),
  );
}

/** Directory listing. */
function serveDirs({ sftp, handles, abs, newHandle, respond }: Session): void {
  sftp.on('OPENDIR', (reqId, path) =>
    respond(reqId, async () => {
      const dir = abs(path);
      if (!(await fs.stat(dir)).isDirectory())
        throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      sftp.handle(reqId, newHandle({ kind: 'dir', path: dir, done: false }));
    }),
  );
  sftp.on('READDIR', (reqId, handle) =>
    respond(reqId, async () => {
      const found = handles.get(handle.toString('hex'));
      if (found?.kind !== 'dir') throw Object.assign(new Error('invalid handle'), { code: 'EBADF' });
      if (found.done) return void sftp.status(reqId, STATUS_CODE.EOF);
      found.done = true;
      const names = await fs.readdir(found.path);
      const entries = await Promise.all(
        names.map(async (filename) => ({
          filename,
          longname: filename,
          attrs: attrsOf(await fs.lstat(resolve(found.path, filename))),
        })),
      );
      sftp.name(reqId, entries);
    }),
  );
}

/** Serves one accepted SFTP session until the client closes it. */
export function serveSftp(sftp: SFTPWrapper, cwd: string): void {
  const session = openSession(sftp, cwd);
  serveFiles(session);
  servePaths(session);
  serveDirs(session);
  sftp.on('close', () => {
    for (const handle of session.handles.values())
      if (handle.kind === 'file') void handle.file.close().catch(() => undefined);
    session.handles.clear();
  });
}
