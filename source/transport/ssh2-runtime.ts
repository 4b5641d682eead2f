// ssh2 is CommonJS and Node's ESM loader only detects some of its exports (`Server` and `utils` are missing):
// take them from the default export, once, here.
import ssh2 from 'ssh2';

export const { Client, OpenSSHAgent, Server, utils } = ssh2;
