"""What the benchmarks and the fault script share about the local stack (run.sh): its env files,
and setting an account's mails aside."""
import re
import time


def read_env(path):
    """A .run/*.env file as run.sh writes it: NAME=value lines, values quoted or escaped for bash."""
    env = {}
    for line in open(path):
        m = re.match(r"^([A-Z_0-9]+)=(.*)$", line.strip())
        if m:
            value = m.group(2)
            if value.startswith("'") and value.endswith("'"):
                value = value[1:-1]
            env[m.group(1)] = value.replace("\\", "")
    return env


def set_mails_aside(psql, account, within=600):
    """Marks an account's pending mails sent (they are not what is measured), in slices that skip
    the rows a relay holds: one UPDATE of 100,000 rows waits on rows the relay is writing while
    holding rows the relay wants next, and PostgreSQL ends one of them (deadlock)."""
    deadline = time.monotonic() + within
    while True:
        try:
            # Through the relay's lanes index (priority, account): each slice reads only its own rows.
            psql(f"WITH aside AS (SELECT id FROM mail_outbox WHERE status = 'PENDING' AND priority IN (0, 1)"
                 f" AND account_id = '{account}' LIMIT 5000 FOR UPDATE SKIP LOCKED)"
                 f" UPDATE mail_outbox m SET status = 'SENT', sent_at = now(), payload = m.payload - 'link'"
                 f" FROM aside WHERE m.id = aside.id")
            if psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}'"
                    f" AND status = 'PENDING'") == "0":
                return
        except Exception:  # a deadlock the slice still met: the next slice goes on
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"mails of {account} not set aside within {within} s")
        time.sleep(0.1)
