# mask_password: copies stdin to stdout with the value of every JSON "password" key masked: a non-empty one
# becomes "<set>", an empty one stays "". The SMTP API and smtp:export return the decrypted password; nothing
# may print it.
mask_password() { sed -E 's/("password"[[:space:]]*:[[:space:]]*)"([^"\\]|\\.)+"/\1"<set>"/g'; }
