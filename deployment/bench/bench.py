#!/usr/bin/env python3
"""Usher's benchmarks, run against the local stack (deployment/local/run.sh --detach).

  deployment/bench/bench.py [bulk-100k] [relay-100k] [copy-ceiling] [keycloak-orgs] [members-100k]
                            [--size N] [--warmup N] [--smtp-live]

  bulk-100k      one POST of N new addresses (default 100,000): time to the 202, time to the
                 SSE `completed` event, addresses per second, peak heap and RSS of the service.
                 A warm-up batch of the same size (--warmup N; 0 for none) runs first, as on a
                 service that has been up a while (the JIT has compiled the hot paths); its
                 figures are printed too.
                 The SMTP server is held (SIGSTOP) meanwhile: GreenMail spends about 2.3 ms of
                 CPU on each mail, so on this 2-core machine a live one would measure GreenMail.
                 The relay waits, attempts untouched (an unreachable server is no mail's fault).
                 --smtp-live leaves it running instead.
  relay-100k     releases the SMTP server and measures the relay draining the outbox rows that
                 bulk-100k wrote, into GreenMail (reset every 10,000 mails: see relay())
  keycloak-orgs  Keycloak 26 Organizations invite-user, one address per call, 2,000 addresses,
                 with 1 and with 8 concurrent clients, into the same GreenMail
  copy-ceiling   PostgreSQL COPY of the same rows (profiles, memberships, invitations,
                 outcomes, outbox) for N addresses: the storage ceiling

  members-100k   the user list of an account with N members (the bulk run's, or one made by a
                 bulk run): a first and a deep page, each filter, text searches; median and p95

With no workload named, runs the first four and prints the ratios. Standard library only.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_DIR = os.path.join(HERE, "..", "local", ".run")
sys.path.insert(0, os.path.join(HERE, "..", "local", "lib"))
import sse  # noqa: E402  (deployment/local/lib/sse.py)
RESULTS = {}


def stack():
    env = {}
    path = os.path.join(RUN_DIR, "stack.env")
    if not os.path.exists(path):
        sys.exit("The local stack is not running: start it with deployment/local/run.sh --detach")
    for line in open(path):
        m = re.match(r"^([A-Z_]+)=(.*)$", line.strip())
        if m:
            value = m.group(2)
            if value.startswith("'") and value.endswith("'"):
                value = value[1:-1]
            env[m.group(1)] = value
    return env


ENV = stack()
HTTP = int(ENV.get("HTTP_PORT") or 8080)
KC = int(ENV.get("KEYCLOAK_PORT") or 8180)
DB_PORT = int(ENV.get("DB_PORT") or 5432)
USHER = f"http://127.0.0.1:{HTTP}"
KEYCLOAK = f"http://127.0.0.1:{KC}"


def request(method, url, body=None, headers=None, timeout=600):
    data = body if body is None or isinstance(body, bytes) else body.encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def token(username, password, client="usher-web", secret=None, realm="usher"):
    form = {"grant_type": "password", "client_id": client, "username": username, "password": password}
    if secret:
        form["client_secret"] = secret
    status, body, _ = request("POST", f"{KEYCLOAK}/realms/{realm}/protocol/openid-connect/token",
                              urllib.parse.urlencode(form), {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    return json.loads(body)["access_token"]


def admin_token():
    return token("admin@usher.example", ENV["ADMIN_PASSWORD"], secret=ENV["WEB_CLIENT_SECRET"])


def psql(sql, db="usher"):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d", db, "-qtAX",
                          "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def service_pid():
    with open(os.path.join(RUN_DIR, "usher.pid")) as f:
        return int(f.read().split()[0])


class Sampler(threading.Thread):
    """Peak RSS (from /proc) and peak heap in use (from the JVM's performance counters through
    jstat, which reads shared memory and costs the service nothing), sampled every 100 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.stop, self.peak_rss, self.peak_heap = pid, False, 0, 0
        jstat = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jstat")
        self.jstat = subprocess.Popen([jstat if os.path.exists(jstat) else "jstat", "-gc", str(pid), "100"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        threading.Thread(target=self.read_heap, daemon=True).start()

    def read_heap(self):
        columns = None
        for line in self.jstat.stdout:
            fields = line.split()
            if fields and fields[0] == "S0C":
                columns = fields
            elif columns and len(fields) == len(columns):
                used = sum(float(fields[columns.index(c)]) for c in ("S0U", "S1U", "EU", "OU") if c in columns)
                self.peak_heap = max(self.peak_heap, used * 1024)

    def run(self):
        while not self.stop:
            try:
                for line in open(f"/proc/{self.pid}/status"):
                    if line.startswith("VmRSS:"):
                        self.peak_rss = max(self.peak_rss, int(line.split()[1]) * 1024)
            except OSError:
                pass
            time.sleep(0.1)
        self.jstat.terminate()


def create_account(tok, name, editors):
    status, body, _ = request("POST", f"{USHER}/api/v1/accounts", json.dumps(
        {"name": name, "defaultLanguage": "en", "quotas": {"SITE_ADMIN": 5, "EDITOR": editors}}),
        {"Authorization": f"Bearer {tok}", "Content-Type": "application/json"})
    assert status == 201, body
    return json.loads(body)["id"]


def sse_until_completed(tok, batch_id):
    conn = http.client.HTTPConnection("127.0.0.1", HTTP, timeout=600)
    conn.request("GET", f"/api/v1/invitation-batches/{batch_id}/events",
                 headers={"Authorization": f"Bearer {tok}", "Accept": "text/event-stream"})
    resp = conn.getresponse()
    assert resp.status == 200, resp.read()
    events = 0
    for part in sse.blocks(resp):
        if b"event: completed" in part or b"event:completed" in part:
            conn.close()
            return events
        if b"event: outcome" in part or b"event:outcome" in part:
            events += 1
    raise RuntimeError("stream ended before completed")


def greenmail_pids():
    path = os.path.join(RUN_DIR, "greenmail.pid")
    return [int(p) for p in open(path).read().split()] if os.path.exists(path) else []


def hold_smtp(hold):
    for pid in greenmail_pids():
        try:
            os.kill(pid, signal.SIGSTOP if hold else signal.SIGCONT)
        except ProcessLookupError:
            pass


def quiet_database(limit=180):
    """Waits for autovacuum to finish with what the warm-up wrote, so that the measured run does
    not share the machine with a vacuum it did not cause."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        busy = int(psql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"))
        if busy == 0:
            break
        time.sleep(2)
    time.sleep(3)  # and for autovacuum's next look (naptime) to find nothing new to do
    if int(psql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")):
        time.sleep(5)
    print(f"(database quiet after {time.monotonic() - t0:.0f} s)")
    print()


def reset_mail_server():
    """Empties GreenMail: its mail and the mailbox of every recipient."""
    request("POST", f"http://127.0.0.1:{int(ENV.get('MAIL_API_PORT') or 8025)}/api/service/reset", b"", timeout=30)


def bulk(size, label=None):
    tok = admin_token()
    run = uuid.uuid4().hex[:8]
    account = create_account(tok, f"Bench {run}", size * 2)
    body = "\n".join(f"bench-{run}-{i}@bench.example" for i in range(size)).encode()
    sampler = Sampler(service_pid())
    sampler.start()
    t0 = time.monotonic()
    status, resp, headers = request("POST", f"{USHER}/api/v1/accounts/{account}/invitations?role=EDITOR", body,
                                    {"Authorization": f"Bearer {tok}", "Content-Type": "text/plain"})
    t_accepted = time.monotonic() - t0
    assert status == 202, resp
    batch = json.loads(resp)["id"]
    events = sse_until_completed(tok, batch)
    t_completed = time.monotonic() - t0
    sampler.stop = True
    sampler.join()
    _, final, _ = request("GET", f"{USHER}/api/v1/invitation-batches/{batch}", headers={"Authorization": f"Bearer {tok}"})
    counts = json.loads(final)["counts"]
    rate = size / t_completed
    RESULTS["bulk"] = {"size": size, "accepted_s": t_accepted, "completed_s": t_completed, "rate": rate,
                       "account": account}
    print(label or f"bulk-{size // 1000}k: {size} new addresses in one POST")
    print(f"  202 after            {t_accepted:8.2f} s   (target <= 1.5 s)")
    print(f"  completed after      {t_completed:8.2f} s   (target <= 10 s); {events} outcome events streamed")
    print(f"  throughput           {rate:8.0f} addresses/s (target >= 10,000)")
    print(f"  outcomes             {counts}")
    print(f"  service peak heap    {sampler.peak_heap / 2**20:8.0f} MiB, peak RSS {sampler.peak_rss / 2**20:.0f} MiB")
    return account


def relay(account):
    """Releases the SMTP server and waits for the outbox rows of the bulk run to drain; the rate
    is taken between the first and last send, from the rows' own sent_at. The warm-up's mails are
    older, so the relay (oldest first) sends them before, not among, the measured ones."""
    total = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}'"))
    hold_smtp(False)
    reset_mail_server()
    t0, resets = time.monotonic(), 0
    since_reset = int(psql("SELECT count(*) FROM mail_outbox WHERE status = 'SENT'"))
    while True:
        pending = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'PENDING'"))
        if pending == 0 or time.monotonic() - t0 > 2400:
            break
        # GreenMail gives each recipient a mailbox and finds it by walking all of them: past some
        # thousands of recipients each mail costs it milliseconds more. Starting it afresh every
        # 10,000 mails keeps it near its own ~1 ms a mail; the relay sees a dropped connection,
        # gives those mails' attempts back and goes on.
        delivered = int(psql("SELECT count(*) FROM mail_outbox WHERE status = 'SENT'"))
        if delivered - since_reset >= 10_000:
            reset_mail_server()
            resets, since_reset = resets + 1, delivered
        time.sleep(2)
    span = float(psql(f"SELECT extract(epoch FROM max(sent_at) - min(sent_at)) FROM mail_outbox "
                      f"WHERE account_id = '{account}' AND status = 'SENT'") or 0)
    sent = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'"))
    rate = sent / span if span > 0 else 0
    RESULTS["relay"] = rate
    print(f"relay-100k: {sent} of {total} mails sent into GreenMail in {span:.1f} s ({resets} GreenMail resets)")
    print(f"  relay rate           {rate:8.0f} mails/s (target >= 400)")


class MasterToken:
    """The bootstrap admin's token, renewed every 30 s: master-realm tokens live one minute, and a
    run with one client outlasts that."""

    def __init__(self):
        self.lock, self.value, self.taken = threading.Lock(), None, 0.0

    def __call__(self):
        with self.lock:
            if time.monotonic() - self.taken > 30:
                self.value = token("bootstrap-admin", ENV["KC_BOOTSTRAP_ADMIN_PASSWORD"], client="admin-cli",
                                   realm="master")
                self.taken = time.monotonic()
            return self.value


def keycloak_orgs(count=2000):
    admin = MasterToken()

    def auth():
        return {"Authorization": f"Bearer {admin()}", "Content-Type": "application/json"}

    smtp_port = int(ENV.get("SMTP_PORT") or 3025)
    realm = f"bench{uuid.uuid4().hex[:8]}"
    status, body, _ = request("POST", f"{KEYCLOAK}/admin/realms", json.dumps({
        "realm": realm, "enabled": True, "organizationsEnabled": True,
        "smtpServer": {"host": "127.0.0.1", "port": str(smtp_port), "from": "keycloak@bench.example"}}), auth())
    assert status == 201, body

    def org(name):
        s, b, h = request("POST", f"{KEYCLOAK}/admin/realms/{realm}/organizations", json.dumps(
            {"name": name, "alias": name, "domains": [{"name": f"{name}.example"}]}), auth())
        assert s == 201, b
        return h["Location"].rsplit("/", 1)[1]

    def run(clients):
        org_id = org(f"org{clients}")
        reset_mail_server()  # the same fresh GreenMail Usher's relay is measured against
        emails = [f"kc-{clients}-{i}@kc.example" for i in range(count)]

        def invite(email):
            s, b, _ = request("POST", f"{KEYCLOAK}/admin/realms/{realm}/organizations/{org_id}/members/invite-user",
                              urllib.parse.urlencode({"email": email, "firstName": "Bench", "lastName": "Person"}),
                              {"Authorization": f"Bearer {admin()}",
                               "Content-Type": "application/x-www-form-urlencoded"})
            return s

        t0 = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            statuses = list(pool.map(invite, emails))
        elapsed = time.monotonic() - t0
        ok = sum(1 for s in statuses if s in (200, 201, 204))
        if ok < len(statuses):
            print(f"  ({len(statuses) - ok} refused: statuses {sorted(set(statuses))})")
        return ok, elapsed

    print(f"keycloak-orgs: Keycloak 26 Organizations invite-user, {count} addresses, one per call")
    rates = []
    for clients in (1, 8):
        ok, elapsed = run(clients)
        rate = ok / elapsed
        rates.append(rate)
        print(f"  {clients} client(s)          {rate:8.1f} invitations/s ({ok} accepted in {elapsed:.1f} s)")
    request("DELETE", f"{KEYCLOAK}/admin/realms/{realm}", headers=auth())
    RESULTS["keycloak"] = max(rates)


def uuid7():
    """A time-ordered UUID (version 7), as Usher's ids are: the ceiling must write the same kind."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return uuid.UUID(int=value)


def copy_ceiling(size):
    db = f"usher_bench_copy_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {db}", db="postgres")
    try:
        migrations = os.path.join(HERE, "..", "..", "src", "main", "resources", "db", "migration")
        # Usher's schema as Flyway builds it: every migration, in version order.
        for name in sorted(os.listdir(migrations), key=lambda n: int(re.match(r"V(\d+)__", n).group(1))):
            subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d", db, "-q",
                            "-v", "ON_ERROR_STOP=1", "-f", os.path.join(migrations, name)],
                           check=True, capture_output=True)
        account, batch = str(uuid.uuid4()), str(uuid.uuid4())
        psql(f"INSERT INTO accounts VALUES ('{account}', 'Copy', 'en', 5, {size * 2});"
             f"INSERT INTO invitation_batches (id, account_id, role, requested_by, status, total)"
             f" VALUES ('{batch}', '{account}', 'EDITOR', 'bench', 'QUEUED', {size})", db=db)
        profiles, memberships, invitations, outbox, outcomes = [], [], [], [], []
        for i in range(size):
            p, m, inv = uuid7(), uuid7(), uuid7()
            email = f"copy-{i}@bench.example"
            profiles.append(f"{p}\t{email}\tIN_PROGRESS")
            memberships.append(f"{m}\t{account}\t{p}\tEDITOR\tPENDING\tbench\t2026-01-01T00:00:00Z\t{batch}")
            invitations.append(f"\\\\x{uuid.uuid4().hex}{uuid.uuid4().hex}\t{account}\t{m}\tPASSWORD"
                               f"\t2030-01-01T00:00:00Z\t2026-01-01T00:00:00Z")
            outbox.append(f"{i + 1}\t{account}\tINVITATION_PASSWORD\t{email}\t"
                          f"{{\"link\": \"http://x/invitations/{inv}\"}}\tinvitation:{batch}:{i + 1}")
            outcomes.append(f"{batch}\t{i + 1}\t{account}\t{email}\tINVITED\tsuccess\t{email} was invited\t{m}\t{i + 1}")
        script = "\n".join([
            "BEGIN;",
            "COPY profiles (id, email, status) FROM STDIN;", *profiles, "\\.",
            "COPY memberships (id, account_id, profile_id, role, status, invited_by, invited_at, batch_id) FROM STDIN;",
            *memberships, "\\.",
            "COPY invitations (token_hash, account_id, membership_id, kind, expires_at, created_at) FROM STDIN;",
            *invitations, "\\.",
            "ALTER TABLE mail_outbox ALTER COLUMN id DROP IDENTITY;",
            "COPY mail_outbox (id, account_id, kind, recipient, payload, dedupe_key) FROM STDIN;", *outbox, "\\.",
            "COPY invitation_outcomes (batch_id, seq, account_id, email, outcome, severity, message, membership_id,"
            " outbox_id) FROM STDIN;", *outcomes, "\\.",
            "COMMIT;", ""])
        t0 = time.monotonic()
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d", db, "-q",
                        "-v", "ON_ERROR_STOP=1"], input=script, text=True, check=True, capture_output=True)
        elapsed = time.monotonic() - t0
    finally:
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", db="postgres")
    rate = size / elapsed
    RESULTS["copy"] = rate
    print(f"copy-ceiling: COPY of the rows of {size} addresses into 5 tables in {elapsed:.2f} s")
    print(f"  COPY rate            {rate:8.0f} addresses/s")


def members(size):
    """Times the user list of an account with `size` members (one bulk-100k made): a first page,
    a deep page, each filter, and text searches that match one member and every member."""
    tok = admin_token()
    account = RESULTS.get("bulk", {}).get("account") or psql(
        "SELECT account_id FROM memberships GROUP BY account_id HAVING count(*) >= %d"
        " ORDER BY count(*) DESC LIMIT 1" % size)
    if not account:
        hold_smtp(True)
        try:
            account = bulk(size)
        finally:
            hold_smtp(False)
    members = int(psql(f"SELECT count(*) FROM memberships WHERE account_id = '{account}'"))
    status, resp, _ = request("POST", f"{USHER}/api/v1/accounts/{account}/teams",
                              json.dumps({"name": f"Bench team {uuid.uuid4().hex[:6]}"}),
                              {"Authorization": f"Bearer {tok}", "Content-Type": "application/json"})
    assert status == 201, resp
    team = json.loads(resp)["id"]
    psql(f"INSERT INTO membership_teams (account_id, membership_id, team_id) SELECT account_id, id, '{team}'"
         f" FROM memberships WHERE account_id = '{account}' ORDER BY id LIMIT 1000")
    one = psql(f"SELECT p.email FROM memberships m JOIN profiles p ON p.id = m.profile_id"
               f" WHERE m.account_id = '{account}' ORDER BY m.id OFFSET {members // 2} LIMIT 1")
    fragment = one.split("@")[0][-9:]
    cases = [
        ("first page", ""),
        (f"page 1000 (offset {1000 * 50:,})", "page=1000"),
        ("last page", f"page={(members - 1) // 50}"),
        ("status=PENDING", "status=PENDING"),
        ("status=SUSPENDED (none)", "status=SUSPENDED"),
        ("role=EDITOR, size=500", "role=EDITOR&size=500"),
        ("team (1,000 members)", f"team={team}"),
        (f"q={fragment} (one member)", f"q={fragment}"),
        ("q=bench (every member)", "q=bench"),
        ("q + status + team", f"q=bench&status=PENDING&team={team}"),
    ]
    print(f"members-{size // 1000}k: the user list of an account with {members:,} members, 20 calls each")
    print(f"  {'query':34s} {'median':>8s} {'p95':>8s} {'total':>8s}")
    for label, query in cases:
        times = []
        for _ in range(20):
            t0 = time.monotonic()
            status, resp, _ = request("GET", f"{USHER}/api/v1/accounts/{account}/users?{query}",
                                      headers={"Authorization": f"Bearer {tok}"})
            times.append((time.monotonic() - t0) * 1000)
            assert status == 200, resp
        total = json.loads(resp)["total"]
        times.sort()
        print(f"  {label:34s} {times[10]:6.1f} ms {times[18]:6.1f} ms {total:8,d}")


def main():
    args = sys.argv[1:]
    size = 100_000
    if "--size" in args:
        i = args.index("--size")
        size = int(args[i + 1])
        del args[i:i + 2]
    warmup = None
    if "--warmup" in args:
        i = args.index("--warmup")
        warmup = int(args[i + 1])
        del args[i:i + 2]
    warmup = size if warmup is None else warmup
    smtp_live = "--smtp-live" in args
    if smtp_live:
        args.remove("--smtp-live")
    workloads = args or ["bulk-100k", "relay-100k", "copy-ceiling", "keycloak-orgs"]
    account = None
    for w in workloads:
        if w == "bulk-100k":
            hold_smtp(not smtp_live)
            try:
                if warmup:
                    bulk(warmup, f"warm-up: {warmup} new addresses in one POST (not counted)")
                    print()
                    quiet_database()
                account = bulk(size)
            finally:
                if "relay-100k" not in workloads:
                    hold_smtp(False)
        elif w == "relay-100k":
            if account is None:
                sys.exit("relay-100k measures the mails of bulk-100k: name both")
            relay(account)
        elif w == "keycloak-orgs":
            keycloak_orgs()
        elif w == "copy-ceiling":
            copy_ceiling(size)
        elif w == "members-100k":
            members(size)
        else:
            sys.exit(f"unknown workload {w}")
        print()
    if "bulk" in RESULTS and ("keycloak" in RESULTS or "copy" in RESULTS):
        print("side by side:")
        rate = RESULTS["bulk"]["rate"]
        if "keycloak" in RESULTS:
            print(f"  Usher / Keycloak (better of 1 and 8 clients)  {rate / RESULTS['keycloak']:8.1f}x  (target >= 75x)")
        if "copy" in RESULTS:
            print(f"  Usher / COPY ceiling                           {100 * rate / RESULTS['copy']:7.1f} %  (target >= 25 %)")


if __name__ == "__main__":
    try:
        main()
    finally:
        hold_smtp(False)  # never leave the stack's SMTP server frozen
