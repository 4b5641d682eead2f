// E-mail addresses as Alertmanager reads them: it expands its own Go templates in `to:` and `from:` first,
// then parses the result with Go's net/mail (ParseAddressList for `to`, exactly one address for `from`) and
// gives each address to SMTP RCPT TO / MAIL FROM. A form value is accepted only when that chain yields the
// same single address: a bare addr-spec with a dot-atom local part and a host-name domain, no `{{`/`}}`.

/** The verdict on one address: ok, or what is wrong in words for the operator. */
export type AddressVerdict = { ok: true } | { ok: false; message: string };

// RFC 5322 atext (Go's net/mail also allows any non-ASCII character in an atom).
const atom = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+$/u;
const domainLabel = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
const example = 'an e-mail address such as alerts@example.com';

/** Whether `value` would be expanded by Alertmanager's Go templates (it has `{{` or `}}`). */
function hasGoTemplate(value: string): boolean {
  return value.includes('{{') || value.includes('}}');
}

/** Checks one address as Alertmanager will read it from a templated `to:` or `from:` field. */
export function checkMailAddress(value: string): AddressVerdict {
  if (hasGoTemplate(value))
    return {
      ok: false,
      message:
        'contains "{{" or "}}": Alertmanager expands them as a template in e-mail addresses, so the mail would go to another address; remove them',
    };
  if (value.startsWith('"'))
    return { ok: false, message: 'a quoted local part ("…"@) is not accepted; use a plain address' };
  if (value.length > 254 || /\s/u.test(value)) return { ok: false, message: example };
  const at = value.lastIndexOf('@');
  if (at < 1) return { ok: false, message: example };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !local.split('.').every((part) => atom.test(part)))
    return {
      ok: false,
      message: `"${local}" is not a valid mailbox name: one address only (no "," or ";"), letters, digits and !#$%&'*+-/=?^_\`{|}~ between dots`,
    };
  const labels = domain.split('.');
  if (domain === '' || labels.length < 2 || !labels.every((label) => domainLabel.test(label)))
    return {
      ok: false,
      message: `"${domain}" is not a valid mail domain (expected something like example.com)`,
    };
  return { ok: true };
}

/**
 * Every address of a `to:` value as Go's mail.ParseAddressList splits it (on commas outside quotes and
 * angle brackets); `Name <a@b.c>` yields `a@b.c`. Checked one by one with {@link checkMailAddress}.
 */
export function checkAddressList(value: string): AddressVerdict {
  if (hasGoTemplate(value)) return checkMailAddress(value);
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) return { ok: false, message: `"${value}" has an empty address` };
  for (const part of parts) {
    const angle = /^[^<>]*<([^<>]*)>$/.exec(part);
    const verdict = checkMailAddress(angle ? angle[1]! : part);
    if (!verdict.ok) return { ok: false, message: `"${part}": ${verdict.message}` };
  }
  return { ok: true };
}

/**
 * A smarthost as Alertmanager dials it. Its config accepts `[::1]:587`, but Alertmanager 0.25 (Debian's, the
 * sandbox's) dials `host + ":" + port` without brackets and fails with "too many colons" at every mail:
 * an IPv6 address literal is refused, a host name that resolves to it works.
 */
export function checkSmarthost(value: string): AddressVerdict {
  const bracketed = /^\[([^\]]*)\]:(\d+)$/.exec(value);
  const colon = value.lastIndexOf(':');
  const host = bracketed ? bracketed[1]! : value.slice(0, colon);
  const port = bracketed ? bracketed[2]! : value.slice(colon + 1);
  if (host.includes(':'))
    return {
      ok: false,
      message: `the SMTP host ${host} is an IPv6 address: Alertmanager dials it as ${host}:${port} ("too many colons") and no mail leaves; enter a host name that resolves to it (e.g. from /etc/hosts on mentat)`,
    };
  if (colon < 1 || !/^\d{1,5}$/.test(port)) return { ok: false, message: 'expected host:port' };
  return { ok: true };
}
