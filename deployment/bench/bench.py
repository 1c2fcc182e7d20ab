#!/usr/bin/env python3
"""Usher's benchmarks, run against the local stack (deployment/local/run.sh --detach).

  deployment/bench/bench.py [bulk-100k] [relay-100k] [copy-ceiling] [keycloak-orgs] [members-100k]
                            [fairness] [many-accounts] [scale-out] [copy-ratio] [fair-share]
                            [slow-upload] [mail-fairness] [claim-plan] [worker-memory]
                            [--size N] [--warmup N] [--smtp-live] [--big N] [--medium N]
                            [--tenants N] [--each N] [--trickle-seconds N] [--pending N]

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
  copy-ceiling   PostgreSQL COPY of the same rows (profiles, memberships, invitations, audit entries,
                 outcomes, outbox) for N addresses: the storage ceiling

  members-100k   the user list of an account with N members (the bulk run's, or one made by a
                 bulk run): a first and a deep page, each filter, text searches; median and p95

  fairness       one account's batch of --big N addresses (default 1,000,000) alone, then again
                 while 20 other accounts, each keyed onto the big account's partition, post 10
                 addresses one after another, then alone again: each small batch's completion
                 after its POST and its first outcome after its 202 (median and worst), and the
                 big batch's rate with the probes beside the mean of the two runs alone
  many-accounts  50 accounts posting 2,000 addresses each at the same moment, beside one account
                 posting the same 100,000: total addresses/s and the slowest account's completion
  scale-out      many-accounts with the local stack's one replica, then with a second one started
                 beside it: both take partitions of the request topic, and every batch has its
                 2,000 outcomes, memberships and mails once each
  copy-ratio     bulk (--size N) and copy-ceiling interleaved, three of each, on the same database
                 (the COPY writes into Usher's own tables, under an account of its own, so both
                 always measure a database of the same size): medians, spread and the ratio
  fair-share     a batch of --medium N addresses (default 5,000) alone, for an account keyed onto
                 the big account's partition ("on") and for one that is not ("off"), twice each,
                 interleaved; then four more, one at a time, while the big account's --big N
                 (default 1,000,000) is applied, 5 s apart: each medium batch's completion after its
                 POST beside the big one and alone, and the big batch's rate (from its processed
                 count) while a medium batch ran, while none did, and once they were done. Then
                 --tenants N accounts (default 10) post --each N addresses (default 50,000) at the
                 same moment: each one's completion, the spread between the slowest and the
                 fastest, the total rate, and every line once
  slow-upload    a client that sends a batch's body too slowly: 1,001 lines at once, then one a second
                 for up to --trickle-seconds N (default 60), while, a second in, an account keyed onto
                 the same partition posts 2,000 addresses. What the slow request got (status, problem,
                 when), the other batch's completion beside it and alone, that nothing of the slow
                 request was kept and its Idempotency-Key takes a new batch. Then a body that stops
                 after 100 lines: when its 408 came, against the stall timeout

  mail-fairness  400,000 pending mails of one account (--pending N), sent while, eight times, 5 s
                 alone alternate with 5 s in which another account invites 10 people and resets a
                 member's password: each of those mails' time from its batch's `completed` (and from
                 the reset's 202) to the SMTP server's acceptance (the row's sent_at), median and
                 worst; the big account's mail rate alone and beside. Then the same with the 11
                 mails written straight into the outbox: the relay's fair share without the
                 batches' own work on the same two cores
  claim-plan     EXPLAIN (ANALYZE, BUFFERS) of one relay claim (its lanes, then its mails) on an
                 outbox of 1,000,000 pending mails (--pending N) of one account and ten of others,
                 in a transaction rolled back
  mail-waiting   --accounts N accounts (default 5,000), each with two pending bulk mails, sent while,
                 --probes N times (default 10), a member's password is reset through the API and
                 a mail a person waits for is written straight into the outbox: each one's time from
                 the 202 (or from its row's created_at) to the SMTP server's acceptance, median and
                 worst (target <= 1 s), the bulk mails sent meanwhile, and the largest claim seen

  worker-memory  the packaged JVM jar as the production worker runs it (the JVM image's settings:
                 heap 50 % of the worker's 768Mi limit, its GC options, pool of 10, two appliers), in a
                 memory cgroup of that limit where this machine lets one be made, beside the stack's
                 service started API-only (USHER_WORKERS_ENABLED=false deployment/local/run.sh
                 --detach): a batch of --size N addresses (default 100,000) decided and its mails
                 sent (SMTP live, up to 180 s of sending): the worker's peak RSS, peak heap and the
                 cgroup's peak against the limit, and whether the kernel refused it memory

With no workload named, runs the first four and prints the ratios; --help prints this text.
Standard library only.
"""
import http.client
import json
import os
import re
import select
import signal
import socket
import statistics
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
from partitions import partition_of  # noqa: E402  (deployment/local/lib/partitions.py)
from localstack import read_env, set_mails_aside  # noqa: E402  (deployment/local/lib/localstack.py)
RESULTS = {}

if __name__ == "__main__" and ("--help" in sys.argv[1:] or "-h" in sys.argv[1:]):
    # Before the stack is looked for: the usage needs none.
    print(__doc__)
    sys.exit(0)


def stack():
    path = os.path.join(RUN_DIR, "stack.env")
    if not os.path.exists(path):
        sys.exit("The local stack is not running: start it with deployment/local/run.sh --detach")
    return read_env(path)


ENV = stack()
HTTP = int(ENV.get("HTTP_PORT") or 8080)
KC = int(ENV.get("KEYCLOAK_PORT") or 8180)
DB_PORT = int(ENV.get("DB_PORT") or 5432)
USHER = f"http://127.0.0.1:{HTTP}"
# Health and metrics: the management interface, never the public port.
MANAGEMENT = int(ENV.get("MANAGEMENT_PORT") or 9000)
USHER_MANAGEMENT = f"http://127.0.0.1:{MANAGEMENT}"
PARTITIONS = int(os.environ.get("USHER_KAFKA_PARTITIONS") or ENV.get("KAFKA_PARTITIONS") or 12)
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
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

    @staticmethod
    def rss(pid):
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

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


def follow(tok, batch_id, url=None):
    """Follows a batch's SSE stream to `completed`: (outcome events, monotonic time of the first
    outcome, monotonic time of `completed`)."""
    parts = urllib.parse.urlsplit(url or USHER)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=900)
    conn.request("GET", f"/api/v1/invitation-batches/{batch_id}/events",
                 headers={"Authorization": f"Bearer {tok}", "Accept": "text/event-stream"})
    resp = conn.getresponse()
    assert resp.status == 200, resp.read()
    events, first = 0, None
    for part in sse.blocks(resp):
        if b"event: outcome" in part or b"event:outcome" in part:
            events += 1
            first = first or time.monotonic()
        if b"event: completed" in part or b"event:completed" in part:
            conn.close()
            return events, first, time.monotonic()
    raise RuntimeError("stream ended before completed")


def greenmail_group():
    """GreenMail's process group: its pid file holds "PGID STARTTIME TETHER_PID" (lib/stack.sh)."""
    path = os.path.join(RUN_DIR, "greenmail.pid")
    try:
        return int(open(path).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def hold_smtp(hold):
    group = greenmail_group()
    if group is not None:
        try:
            os.killpg(group, signal.SIGSTOP if hold else signal.SIGCONT)
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
    events, _, _ = follow(tok, batch)
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
    set aside first: the relay serves accounts in turn, so they would share the measured time."""
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


def copy_script(size, account, batch, first_outbox_id, tag):
    """The psql script that COPYs the rows Usher writes for `size` invited addresses: profiles,
    memberships, invitations, outbox mails, outcomes and audit entries, in one transaction."""
    profiles, memberships, invitations, outbox, outcomes, audit = [], [], [], [], [], []
    for i in range(size):
        p, m, inv = uuid7(), uuid7(), uuid7()
        email = f"copy-{tag}-{i}@bench.example"
        profiles.append(f"{p}\t{email}\tIN_PROGRESS")
        memberships.append(f"{m}\t{account}\t{p}\tEDITOR\tPENDING\tbench\t2026-01-01T00:00:00Z\t{batch}")
        invitations.append(f"\\\\x{uuid.uuid4().hex}{uuid.uuid4().hex}\t{account}\t{m}\tPASSWORD"
                           f"\t2030-01-01T00:00:00Z\t2026-01-01T00:00:00Z")
        outbox.append(f"{first_outbox_id + i}\t{account}\tINVITATION_PASSWORD\t{email}\t"
                      f"{{\"link\": \"http://x/invitations/{inv}\"}}\tinvitation:{batch}:{i + 1}")
        outcomes.append(f"{batch}\t{i + 1}\t{account}\t{email}\tINVITED\tsuccess\t{email} was invited\t{m}"
                        f"\t{first_outbox_id + i}")
        audit.append(f"{account}\t2026-01-01T00:00:00Z\tbench\tmember.invited\t{p}\t{email}"
                     f"\t{{\"after\": {{\"role\": \"EDITOR\", \"status\": \"PENDING\"}}}}")
    return "\n".join([
        "BEGIN;",
        "COPY profiles (id, email, status) FROM STDIN;", *profiles, "\\.",
        "COPY memberships (id, account_id, profile_id, role, status, invited_by, invited_at, batch_id) FROM STDIN;",
        *memberships, "\\.",
        "COPY invitations (token_hash, account_id, membership_id, kind, expires_at, created_at) FROM STDIN;",
        *invitations, "\\.",
        "COPY mail_outbox (id, account_id, kind, recipient, payload, dedupe_key) FROM STDIN;", *outbox, "\\.",
        "COPY invitation_outcomes (batch_id, seq, account_id, email, outcome, severity, message, membership_id,"
        " outbox_id) FROM STDIN;", *outcomes, "\\.",
        "COPY audit_events (account_id, at, actor, action, subject_profile_id, subject, details) FROM STDIN;",
        *audit, "\\.",
        "COMMIT;", ""])


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
        script = copy_script(size, account, batch, 1, "ceiling")
        t0 = time.monotonic()
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d", db, "-q",
                        "-v", "ON_ERROR_STOP=1"], input=script, text=True, check=True, capture_output=True)
        elapsed = time.monotonic() - t0
    finally:
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", db="postgres")
    rate = size / elapsed
    RESULTS["copy"] = rate
    print(f"copy-ceiling: COPY of the rows of {size} addresses into 6 tables in {elapsed:.2f} s")
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


def post_lines(tok, account, lines, url=USHER):
    """POSTs the addresses as text/plain; (batch id, seconds to the 202)."""
    t0 = time.monotonic()
    status, resp, _ = request("POST", f"{url}/api/v1/accounts/{account}/invitations?role=EDITOR",
                              "\n".join(lines).encode(),
                              {"Authorization": f"Bearer {tok}", "Content-Type": "text/plain"})
    assert status == 202, resp
    return json.loads(resp)["id"], time.monotonic() - t0


def batch_state(tok, batch_id):
    _, body, _ = request("GET", f"{USHER}/api/v1/invitation-batches/{batch_id}",
                         headers={"Authorization": f"Bearer {tok}"})
    return json.loads(body)


def big_batch(tok, size, label):
    """One account's batch of `size` new addresses, followed to `completed` in a thread of its own:
    (thread, result dict filled in as it goes: account, batch, accepted_s, completed_s, rate)."""
    run = uuid.uuid4().hex[:8]
    account = create_account(tok, f"Bench {label} {run}", size * 2)
    result = {"account": account}

    def go():
        lines = [f"{label}-{run}-{i}@bench.example" for i in range(size)]
        t0 = time.monotonic()
        result["batch"], result["accepted_s"] = post_lines(tok, account, lines)
        _, _, done = follow(tok, result["batch"])
        result["completed_s"] = done - t0
        result["rate"] = size / result["completed_s"]
    thread = threading.Thread(target=go, daemon=True)
    return thread, result


def accounts_on_partition(tok, partition, count, label, editors=100):
    """Makes accounts (each with room for `editors` editors) until `count` of them are keyed onto
    `partition` (of PARTITIONS); the others made on the way are left empty."""
    found, made = [], 0
    while len(found) < count and made < count * PARTITIONS * 4:
        account = create_account(tok, f"Bench {label} {uuid.uuid4().hex[:8]}", editors)
        made += 1
        if partition_of(account, PARTITIONS) == partition:
            found.append(account)
    assert len(found) == count, f"only {len(found)} of {made} accounts on partition {partition}"
    return found, made


def fairness(big, probes=20):
    tok = admin_token()
    print(f"fairness: one account's {big:,} addresses; {probes} other accounts post 10 each meanwhile")
    # The big batch alone before and after the run with probes: the database grows by `big`
    # addresses each time, and the mean of the two cancels that out.
    alone_rates = []

    def alone(label):
        thread, alone_result = big_batch(tok, big, "fair-alone")
        thread.start()
        thread.join()
        alone_rates.append(alone_result["rate"])
        print(f"  big batch alone ({label}) {alone_result['completed_s']:6.1f} s, {alone_result['rate']:8.0f} addresses/s")
        quiet_database()
    alone("before")

    thread, result = big_batch(tok, big, "fair-big")
    # The big account is made first: the probes' accounts are then chosen on its partition.
    partition = partition_of(result["account"], PARTITIONS)
    smalls, made = accounts_on_partition(tok, partition, probes, "fair-small")
    thread.start()
    # The probes start once the big batch is being decided, and must end before it does.
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if "batch" in result and batch_state(tok, result["batch"]).get("processed", 0) > 0:
            break
        time.sleep(0.2)
    completion, first_outcome, accepted = [], [], []
    for i, account in enumerate(smalls):
        lines = [f"fair-small-{i}-{j}-{uuid.uuid4().hex[:6]}@bench.example" for j in range(10)]
        t0 = time.monotonic()
        batch, accepted_s = post_lines(tok, account, lines)
        t_202 = t0 + accepted_s
        _, first, done = follow(tok, batch)
        accepted.append(accepted_s * 1000)
        first_outcome.append((first - t_202) * 1000)
        completion.append((done - t0) * 1000)
        time.sleep(0.5)
    big_done_during = "completed_s" in result
    thread.join()
    print("  per probe, in order (202 / first outcome after 202 / completed after POST, ms): "
          + ", ".join(f"{a:.0f}/{f:.0f}/{c:.0f}" for a, f, c in zip(accepted, first_outcome, completion)))
    completion.sort()
    first_outcome.sort()
    accepted.sort()
    mid = len(completion) // 2
    print(f"  probes: {probes} accounts on the big account's partition {partition} of {PARTITIONS}"
          f" ({made} accounts made to find them)")
    print(f"  big batch with probes{result['completed_s']:8.1f} s, {result['rate']:8.0f} addresses/s;"
          f" {'completed before the last probe' if big_done_during else 'under way through every probe'}")
    print(f"  small batch 202      median {accepted[mid]:6.0f} ms   worst {accepted[-1]:6.0f} ms")
    print(f"  first outcome after 202  median {first_outcome[mid]:6.0f} ms   worst {first_outcome[-1]:6.0f} ms"
          f"   (target <= 300 ms)")
    print(f"  completed after POST median {completion[mid]:6.0f} ms   worst {completion[-1]:6.0f} ms"
          f"   (target <= 2,000 ms)")
    quiet_database()
    alone("after")
    drop = 100 * (1 - result["rate"] / (sum(alone_rates) / 2))
    print(f"  big batch's rate drop with probes {drop:5.1f} % (against the mean of before and after)   (target <= 10 %)")


def together(tok, ids, bodies, urls=(USHER,)):
    """Each account posts its addresses at the same moment (a barrier; round-robin over `urls`) and
    follows its batch to `completed`: per account, in the order given, (batch id, seconds from the
    common start to its completion)."""
    t0 = [0.0]
    start = threading.Barrier(len(ids), action=lambda: t0.__setitem__(0, time.monotonic()))

    def one(i):
        url = urls[i % len(urls)]
        start.wait()
        batch, _ = post_lines(tok, ids[i], bodies[i], url)
        _, _, done = follow(tok, batch, url)
        return batch, done
    with ThreadPoolExecutor(len(ids)) as pool:
        results = list(pool.map(one, range(len(ids))))
    return [(batch, done - t0[0]) for batch, done in results]


def many_accounts(accounts=50, each=2000, urls=(USHER,), label="many"):
    """`accounts` accounts post `each` addresses at the same moment (round-robin over `urls`):
    (seconds to each completion, in order, the batches, the accounts)."""
    tok = admin_token()
    run = uuid.uuid4().hex[:8]
    ids = [create_account(tok, f"Bench {label} {run} {i}", each * 2) for i in range(accounts)]
    bodies = [[f"{label}-{run}-{i}-{j}@bench.example" for j in range(each)] for i in range(accounts)]
    results = together(tok, ids, bodies, urls)
    return sorted(seconds for _, seconds in results), [b for b, _ in results], ids


def one_account(size, label="one"):
    tok = admin_token()
    thread, result = big_batch(tok, size, label)
    thread.start()
    thread.join()
    return result


def exactly_once(batches, accounts, each):
    """Every batch has `each` outcomes with distinct lines, and its account `each` memberships and
    mails: nothing lost, nothing doubled."""
    ids = ",".join(f"'{b}'" for b in batches)
    rows = psql(f"SELECT count(*), count(DISTINCT (batch_id, seq)) FROM invitation_outcomes WHERE batch_id IN ({ids})")
    outcomes, distinct = (int(x) for x in rows.split("|"))
    accs = ",".join(f"'{a}'" for a in accounts)
    memberships = int(psql(f"SELECT count(*) FROM memberships WHERE account_id IN ({accs})"))
    mails = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id IN ({accs})"))
    expected = len(batches) * each
    ok = outcomes == distinct == memberships == mails == expected
    return ok, f"{outcomes:,} outcomes ({distinct:,} distinct lines), {memberships:,} memberships, {mails:,} mails" \
               f" for {expected:,} addresses"


def cpu_seconds():
    """CPU seconds used so far by the service processes, by PostgreSQL (every postgres process)
    and by Kafka (its process group), from one pass over /proc: what an address costs each of
    them, per core."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        kafka = int(open(os.path.join(RUN_DIR, "kafka.pid")).read().split()[0])
    except (OSError, ValueError, IndexError):
        kafka = None
    totals = {"service": 0.0, "postgres": 0.0, "kafka": 0.0}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = open(f"/proc/{pid}/stat").read()
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        used = (int(fields[11]) + int(fields[12])) / tick
        if comm == "postgres":
            totals["postgres"] += used
        elif b"quarkus-run.jar" in cmdline:
            totals["service"] += used
        elif int(fields[2]) == kafka:  # the process group (stat field 5)
            totals["kafka"] += used
    return totals


def cpu_per_address(before, after, addresses):
    return ", ".join(f"{name} {1e6 * (after[name] - before[name]) / addresses:.0f} µs"
                     for name in ("postgres", "service", "kafka"))


def print_many(finished, label):
    total = len(finished) * 2000
    print(f"  {label:28s} {total / finished[-1]:8.0f} addresses/s; slowest account done after {finished[-1]:6.1f} s,"
          f" fastest {finished[0]:5.1f} s, median {finished[len(finished) // 2]:5.1f} s")


def many(accounts=50, each=2000):
    print(f"many-accounts: {accounts} accounts post {each:,} addresses each at the same moment,"
          f" beside one account posting {accounts * each:,}")
    before = cpu_seconds()
    finished, batches, ids = many_accounts(accounts, each)
    after = cpu_seconds()
    print_many(finished, f"{accounts} accounts x {each:,}")
    ok, detail = exactly_once(batches, ids, each)
    print(f"  {'':28s} {'exactly once' if ok else 'NOT EXACTLY ONCE'}: {detail}")
    print(f"  {'':28s} CPU per address: {cpu_per_address(before, after, accounts * each)}")
    quiet_database()
    before = cpu_seconds()
    result = one_account(accounts * each)
    after = cpu_seconds()
    print(f"  {'one account x ' + format(accounts * each, ','):28s} {result['rate']:8.0f} addresses/s;"
          f" done after {result['completed_s']:6.1f} s")
    print(f"  {'':28s} CPU per address: {cpu_per_address(before, after, accounts * each)}")


class SecondReplica:
    """A second service process beside the local stack's, with the same environment."""

    def __init__(self, port, management_port):
        self.port, self.url, self.process = port, f"http://127.0.0.1:{port}", None
        self.management = f"http://127.0.0.1:{management_port}"

    def __enter__(self):
        env = dict(os.environ)
        env.update(read_env(os.path.join(RUN_DIR, "usher.env")))
        env["QUARKUS_HTTP_PORT"] = str(self.port)
        env["QUARKUS_MANAGEMENT_PORT"] = self.management.rsplit(":", 1)[1]
        jar = os.path.join(HERE, "..", "..", "target", "quarkus-app", "quarkus-run.jar")
        self.log = open(os.path.join(RUN_DIR, "logs", "bench-replica-b.log"), "ab")
        self.process = subprocess.Popen(
            [JAVA if os.path.exists(JAVA) else "java", "-Xmx512m",
             "-Dmp.messaging.incoming.invitation-requests.client.id=usher-bench-b", "-jar", jar],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the second replica exited; see {self.log.name}"
            try:
                if request("GET", f"{self.management}/q/health/ready", timeout=3)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the second replica was not ready within 120 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(40)
        except subprocess.TimeoutExpired:
            self.process.kill()


WORKER_LIMIT_MIB = 768  # overlays/production/patches/worker.yaml
# What the JVM image's run-java.sh (ubi9/openjdk-21-runtime, src/main/docker/Dockerfile.jvm) starts
# the jar with in a container of that limit: JAVA_MAX_MEM_RATIO=50 and its default GC options.
# -XX:MaxRAM stands for the container's limit where no cgroup could be made.
WORKER_JVM = ["-XX:MaxRAM=%dm" % WORKER_LIMIT_MIB, "-XX:MaxRAMPercentage=50", "-XX:+UseParallelGC",
              "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4",
              "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError"]


def memory_cgroup(limit_mib):
    """A cgroup (v1 or v2) of its own with a memory limit, under this process's, or None where the
    machine does not allow one to be made."""
    try:
        for line in open("/proc/self/cgroup"):
            _, controllers, path = line.strip().split(":", 2)
            if "memory" in controllers.split(","):
                base, limit_file, peak_file = (f"/sys/fs/cgroup/memory{path}", "memory.limit_in_bytes",
                                               "memory.max_usage_in_bytes")
                break
        else:
            base, limit_file, peak_file = ("/sys/fs/cgroup" + open("/proc/self/cgroup").read().split("::", 1)[1].strip(),
                                           "memory.max", "memory.peak")
        group = os.path.join(base, f"usher-bench-worker-{os.getpid()}")
        os.makedirs(group, exist_ok=True)
        with open(os.path.join(group, limit_file), "w") as f:
            f.write(str(limit_mib * 2**20))
        return group, peak_file
    except (OSError, IndexError, UnboundLocalError):
        return None


def cgroup_read(group, name):
    try:
        with open(os.path.join(group, name)) as f:
            return f.read()
    except OSError:
        return ""


def worker_memory(size):
    api = " ".join(open(f"/proc/{service_pid()}/environ", "rb").read().decode(errors="replace").split("\0"))
    if "USHER_WORKERS_ENABLED=false" not in api:
        sys.exit("worker-memory needs the stack's service API-only, so that only the measured worker applies:"
                 " deployment/local/stop.sh; USHER_WORKERS_ENABLED=false deployment/local/run.sh --detach")
    cgroup = memory_cgroup(WORKER_LIMIT_MIB)
    env = dict(os.environ)
    env.update(read_env(os.path.join(RUN_DIR, "usher.env")))
    env.update({"USHER_WORKERS_ENABLED": "true", "USHER_DB_POOL_SIZE": "10", "USHER_INVITATION_APPLIERS": "2",
                "QUARKUS_HTTP_PORT": "8095", "QUARKUS_MANAGEMENT_PORT": "9095"})
    jar = os.path.join(HERE, "..", "..", "target", "quarkus-app", "quarkus-run.jar")
    java = JAVA if os.path.exists(JAVA) else "java"
    command = [java, *WORKER_JVM, "-Dquarkus.http.host=0.0.0.0",
               "-Dmp.messaging.incoming.invitation-requests.client.id=usher-bench-worker", "-jar", jar]
    if cgroup:
        # The shell joins the cgroup, then becomes the JVM: every byte the worker maps is counted.
        command = ["sh", "-c", f'echo $$ > "{cgroup[0]}/cgroup.procs" && exec "$@"', "sh", *command]
    log = open(os.path.join(RUN_DIR, "logs", "bench-worker.log"), "ab")
    worker = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert worker.poll() is None, f"the worker exited; see {log.name}"
            try:
                if request("GET", "http://127.0.0.1:9095/q/health/ready", timeout=3)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the worker was not ready within 120 s"
            time.sleep(0.5)
        time.sleep(5)  # the consumer group settles on its one member
        idle_rss = Sampler.rss(worker.pid)
        sampler = Sampler(worker.pid)
        sampler.start()
        tok = admin_token()
        run = uuid.uuid4().hex[:8]
        account = create_account(tok, f"Worker memory {run}", size * 2)
        body = "\n".join(f"wm-{run}-{i}@bench.example" for i in range(size)).encode()
        reset_mail_server()
        t0 = time.monotonic()
        status, resp, _ = request("POST", f"{USHER}/api/v1/accounts/{account}/invitations?role=EDITOR", body,
                                  {"Authorization": f"Bearer {tok}", "Content-Type": "text/plain"})
        assert status == 202, resp
        follow(tok, json.loads(resp)["id"])
        decided_s = time.monotonic() - t0
        decided_rss = sampler.peak_rss
        since_reset = 0
        while time.monotonic() - t0 < decided_s + 180:
            sent = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'"))
            if sent >= size:
                break
            if sent - since_reset >= 10_000:  # as relay() does: GreenMail slows with its mailboxes
                reset_mail_server()
                since_reset = sent
            time.sleep(2)
        sampler.stop = True
        sampler.join()
        sent = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'"))
        alive = worker.poll() is None
    finally:
        worker.terminate()
        try:
            worker.wait(40)
        except subprocess.TimeoutExpired:
            worker.kill()
    limit = WORKER_LIMIT_MIB * 2**20
    print(f"worker-memory: the packaged jar as the production worker ({WORKER_LIMIT_MIB} MiB limit, "
          f"{' '.join(WORKER_JVM[1:2])}), {size:,} addresses")
    print(f"  where                {'a memory cgroup of ' + str(WORKER_LIMIT_MIB) + ' MiB' if cgroup else 'no cgroup could be made: -XX:MaxRAM only'}")
    print(f"  decided after        {decided_s:8.1f} s; then {sent:,} of {size:,} mails sent in the following "
          f"{time.monotonic() - t0 - decided_s:.0f} s")
    print(f"  worker RSS           idle {idle_rss / 2**20:.0f} MiB; peak while deciding {decided_rss / 2**20:.0f} MiB;"
          f" peak overall {sampler.peak_rss / 2**20:.0f} MiB = {100 * sampler.peak_rss / limit:.0f} % of the limit")
    print(f"  worker peak heap     {sampler.peak_heap / 2**20:8.0f} MiB (max heap {WORKER_LIMIT_MIB // 2} MiB)")
    if cgroup:
        peak = int(cgroup_read(cgroup[0], cgroup[1]).strip() or 0)
        failures = cgroup_read(cgroup[0], "memory.failcnt").strip() or cgroup_read(cgroup[0], "memory.events")
        print(f"  cgroup peak          {peak / 2**20:8.0f} MiB (page cache included); limit hits: {failures.strip()}")
    print(f"  worker still running {verdict(alive)}   peak RSS within the limit {verdict(sampler.peak_rss < limit)}")
    if cgroup:
        try:
            os.rmdir(cgroup[0])
        except OSError:
            pass


def group_holders(group, topic):
    """Which consumer (client id) holds each partition of the topic in the group."""
    out = subprocess.run(["bash", os.path.join(HERE, "..", "local", "kafka.sh"), "group", group],
                         capture_output=True, text=True, timeout=60).stdout
    return {int(row[2]): row[-1] for row in (line.split() for line in out.splitlines())
            if row[:2] == [group, topic] and row[2].isdigit()}


def settled_holders(group, topic, members, within=90):
    """The group's assignment once every partition is held and `members` consumers hold them."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        holders = group_holders(group, topic)
        if len(holders) == PARTITIONS and len(set(holders.values())) == members and "-" not in holders.values():
            return holders
        time.sleep(2)
    return group_holders(group, topic)


def scale_out(accounts=50, each=2000):
    print(f"scale-out: {accounts} accounts x {each:,} addresses with one replica, then with two")
    finished, batches, ids = many_accounts(accounts, each, label="scale1")
    print_many(finished, "one replica")
    ok, detail = exactly_once(batches, ids, each)
    print(f"  {'':28s} {'exactly once' if ok else 'NOT EXACTLY ONCE'}: {detail}")
    quiet_database()
    with SecondReplica(HTTP + 10, MANAGEMENT + 10) as second:
        holders = settled_holders("usher-invitation-workers", "invitation-requests", 2)
        share = {}
        for client in holders.values():
            share[client] = share.get(client, 0) + 1
        print("  invitation-requests partitions held: " + ", ".join(f"{c} {n}" for c, n in sorted(share.items())))
        sampler = DecidedSampler((USHER_MANAGEMENT, second.management))
        sampler.start()
        finished, batches, ids = many_accounts(accounts, each, urls=(USHER, second.url), label="scale2")
        sampler.stop()
        by_holder = {}
        for account in ids:
            holder = holders.get(partition_of(account, PARTITIONS), "?")
            by_holder[holder] = by_holder.get(holder, 0) + 1
        print_many(finished, "two replicas")
        # The partition's holder only moves an account's records into the inbox: the appliers of
        # both replicas take the accounts' chunks from there, whichever replica read them.
        print(f"  {'':28s} accounts whose records each replica read (by partition): "
              + ", ".join(f"{c} {n}" for c, n in sorted(by_holder.items())))
        print(f"  {'':28s} addresses each replica decided: "
              + ", ".join(f"{name} {n:,}" for name, n in zip(("a", "b"), sampler.decided())))
        print(f"  {'':28s} half-seconds in which both replicas decided addresses: "
              f"{sampler.both()} of {sampler.busy()} in which either did")
        ok, detail = exactly_once(batches, ids, each)
        print(f"  {'':28s} {'exactly once' if ok else 'NOT EXACTLY ONCE'}: {detail}")


class DecidedSampler(threading.Thread):
    """Each replica's usher_addresses_decided_total every half second: how the applying spread over
    the replicas, and whether they applied at once (both counters rose in the same half second)."""

    def __init__(self, urls):
        super().__init__(daemon=True)
        self.urls, self.samples, self.running = urls, [], True

    @staticmethod
    def read(url):
        try:
            _, body, _ = request("GET", f"{url}/q/metrics", timeout=5)
        except OSError:
            return 0.0
        return sum(float(line.rsplit(" ", 1)[1]) for line in body.decode().splitlines()
                   if line.startswith("usher_addresses_decided_total"))

    def run(self):
        while self.running:
            self.samples.append([self.read(url) for url in self.urls])
            time.sleep(0.5)

    def stop(self):
        self.running = False
        self.join(10)

    def deltas(self):
        return [[b - a for a, b in zip(prev, cur)] for prev, cur in zip(self.samples, self.samples[1:])]

    def decided(self):
        return [int(self.samples[-1][i] - self.samples[0][i]) for i in range(len(self.urls))] if self.samples else []

    def both(self):
        return sum(1 for d in self.deltas() if all(x > 0 for x in d))

    def busy(self):
        return sum(1 for d in self.deltas() if any(x > 0 for x in d))


def copy_in_place(size):
    """COPY of the rows of `size` addresses into Usher's own database, under an account of its own:
    the same tables, indexes and size as the service's run beside it. Seconds."""
    account, batch = str(uuid.uuid4()), str(uuid.uuid4())
    run = uuid.uuid4().hex[:8]
    first_id = int(psql(f"SELECT setval(pg_get_serial_sequence('mail_outbox', 'id'),"
                        f" nextval(pg_get_serial_sequence('mail_outbox', 'id')) + {size})")) - size
    # The batch is written complete at once: only the rows of its addresses are timed.
    psql(f"INSERT INTO accounts (id, name, default_language, quota_site_admin, quota_editor, seats_editor)"
         f" VALUES ('{account}', 'Copy {run}', 'en', 5, {size * 2}, {size});"
         f"INSERT INTO invitation_batches (id, account_id, role, requested_by, status, total, count_invited,"
         f" completed_at) VALUES ('{batch}', '{account}', 'EDITOR', 'bench', 'COMPLETED', {size}, {size}, now())")
    script = copy_script(size, account, batch, first_id, run)
    t0 = time.monotonic()
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d", "usher", "-q",
                    "-v", "ON_ERROR_STOP=1"], input=script, text=True, check=True, capture_output=True)
    elapsed = time.monotonic() - t0
    set_mails_aside(psql, account)
    return elapsed


def copy_ratio(size, rounds=3):
    print(f"copy-ratio: {size:,} addresses, Usher and COPY interleaved on the same database, {rounds} of each")
    usher, copy = [], []
    # A service just started has not compiled its hot paths yet: one batch of the same size first,
    # untimed, as bulk-100k does; a service that has been up a while is what the ratio is about.
    quiet_database()
    one_account(size, label="ratio-warmup")
    for r in range(rounds):
        quiet_database()
        result = one_account(size, label=f"ratio{r}")
        usher.append(size / result["completed_s"])
        quiet_database()
        copy.append(size / copy_in_place(size))
        print(f"  round {r + 1}: Usher {usher[-1]:8.0f} addresses/s, COPY {copy[-1]:8.0f} addresses/s,"
              f" ratio {100 * usher[-1] / copy[-1]:5.1f} %")
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    ratios = [100 * u / c for u, c in zip(usher, copy)]
    print(f"  Usher  median {med(usher):8.0f} addresses/s (spread {min(usher):.0f} to {max(usher):.0f})")
    print(f"  COPY   median {med(copy):8.0f} addresses/s (spread {min(copy):.0f} to {max(copy):.0f})")
    print(f"  Usher / COPY  median of the rounds' ratios {med(ratios):5.1f} % ({verdict(med(ratios) >= 45)},"
          f" target >= 45 %), per round {', '.join(f'{x:.1f} %' for x in ratios)};"
          f" median over median {100 * med(usher) / med(copy):5.1f} %")


def verdict(ok):
    return "ok" if ok else "MISSED"


def median(values):
    return statistics.median(values) if values else float("nan")


def seconds_list(values):
    return ", ".join(f"{v:.2f}" for v in values) + " s" if values else "none"


def timed_batch(tok, account, lines):
    """POSTs the addresses and follows the batch to `completed`: (batch id, monotonic time of the
    POST, monotonic time of `completed`)."""
    t0 = time.monotonic()
    batch, _ = post_lines(tok, account, lines)
    _, _, done = follow(tok, batch)
    return batch, t0, done


def accounts_off_partition(tok, partition, count, label, editors):
    """`count` new accounts (room for `editors` editors each) whose keys are not on `partition`."""
    assert PARTITIONS > 1, "every account is on the one partition"
    found = []
    while len(found) < count:
        account = create_account(tok, f"Bench {label} {uuid.uuid4().hex[:8]}", editors)
        if partition_of(account, PARTITIONS) != partition:
            found.append(account)
    return found


class Progress(threading.Thread):
    """A batch's processed count, read through the API every 0.2 s until the batch completes. The
    count moves a whole chunk (up to 2,000 lines) at a time, so it is taken to grow steadily between
    the moments it was seen to change: a window of a few seconds then counts the part of the chunk
    under way that fell inside it, instead of all of it or none."""

    def __init__(self, tok, batch_id, every=0.2):
        super().__init__(daemon=True)
        self.tok, self.batch_id, self.every = tok, batch_id, every
        self.points, self.done = [], None

    def run(self):
        renewed = time.monotonic()
        while True:
            if time.monotonic() - renewed > 300:  # tokens live 15 minutes; a big batch may outlast one
                self.tok, renewed = admin_token(), time.monotonic()
            try:
                state = batch_state(self.tok, self.batch_id)
            except (OSError, ValueError):  # one failed read: the next one counts
                state = {}
            if "processed" not in state:
                time.sleep(self.every)
                continue
            now, processed = time.monotonic(), state.get("processed") or 0
            if not self.points or processed != self.points[-1][1]:
                self.points.append((now, processed))
            if state.get("status") == "COMPLETED":
                self.done = now
                return
            time.sleep(self.every)

    def latest(self):
        return self.points[-1][1] if self.points else 0

    def at(self, t):
        points = list(self.points)
        if not points or t <= points[0][0]:
            return points[0][1] if points else 0
        for (t1, v1), (t2, v2) in zip(points, points[1:]):
            if t <= t2:
                return v1 + (v2 - v1) * (t - t1) / (t2 - t1)
        return points[-1][1]

    def rate(self, windows):
        seconds = sum(b - a for a, b in windows)
        return sum(self.at(b) - self.at(a) for a, b in windows) / seconds if seconds > 0 else float("nan")


def fair_share(big, medium, tenants, each, gap=5.0, after=20.0):
    """An account's batch must not wait for another account's, wherever their keys land: a medium
    batch beside a big one, on the big one's partition and off it, against the same alone; the
    big one's rate while it shares the appliers; then many accounts at once, each its share."""
    tok = admin_token()
    print(f"fair-share: batches of {medium:,} addresses alone and beside one account's {big:,};"
          f" then {tenants} accounts x {each:,} at the same moment")
    # The big account is made first: "on" accounts are then chosen on its partition.
    thread, result = big_batch(tok, big, "share-big")
    partition = partition_of(result["account"], PARTITIONS)
    on, made = accounts_on_partition(tok, partition, 4, "share-on", editors=medium * 2)
    off = accounts_off_partition(tok, partition, 4, "share-off", medium * 2)
    print(f"  the big account's key is on partition {partition} of {PARTITIONS}; four medium accounts on it"
          f" ({made} accounts made to find them), four on others, each batch from a fresh account")
    run = uuid.uuid4().hex[:8]
    batches, accounts = [], []

    def medium_batch(account, tag):
        batch, t0, done = timed_batch(tok, account, [f"share-{run}-{tag}-{i}@bench.example" for i in range(medium)])
        batches.append(batch)
        accounts.append(account)
        return t0, done

    t0, done = medium_batch(create_account(tok, f"Bench share-warm {run}", medium * 2), "warm")
    print(f"  warm-up medium batch {done - t0:6.2f} s (not counted)")

    # Alone: on, off, on, off, so that whatever drifts weighs on both alike.
    alone = {"on": [], "off": []}
    for n, (where, account) in enumerate([("on", on[0]), ("off", off[0]), ("on", on[1]), ("off", off[1])]):
        t0, done = medium_batch(account, f"alone{n}")
        alone[where].append(done - t0)
    print(f"  medium alone         on {seconds_list(alone['on'])}; off {seconds_list(alone['off'])}")
    quiet_database()

    thread.start()
    while "batch" not in result:
        if not thread.is_alive():
            raise RuntimeError("the big batch's POST failed")
        time.sleep(0.2)
    t_accepted = time.monotonic()
    progress = Progress(tok, result["batch"])
    progress.start()
    # The medium batches go in once the big one is being applied, not while its body is read.
    while progress.latest() < 0.05 * big and progress.done is None:
        time.sleep(0.2)
    print(f"  big batch            202 after {result['accepted_s']:.1f} s; 5 % applied"
          f" {time.monotonic() - t_accepted:.1f} s after the 202")

    # Beside the big one: `gap` seconds with no other batch, then a medium batch to its `completed`,
    # four times (on, off, on, off), so that the big batch's rate is read in both kinds of window.
    quiet, timings = [], []
    for n, (where, account) in enumerate([("on", on[2]), ("off", off[2]), ("on", on[3]), ("off", off[3])]):
        t_gap = time.monotonic()
        time.sleep(gap)
        if progress.done is not None:
            break
        quiet.append((t_gap, time.monotonic()))
        t0, done = medium_batch(account, f"beside{n}")
        timings.append((where, t0, done))
    t_last = time.monotonic()
    while progress.done is None and time.monotonic() < t_last + after:
        time.sleep(0.2)
    t_after = min(time.monotonic(), progress.done or float("inf"))
    thread.join()
    progress.join()

    # Only the windows that ended before the big batch did were beside it.
    beside, busy = {"on": [], "off": []}, []
    for where, t0, done in timings:
        if done <= progress.done:
            beside[where].append(done - t0)
            busy.append((t0, done))
    quiet = [(a, b) for a, b in quiet if b <= progress.done]
    print(f"  medium beside big    on {seconds_list(beside['on'])}; off {seconds_list(beside['off'])}")
    if len(busy) < 4:
        print(f"  (the big batch completed before {4 - len(busy)} of the 4 medium batches could run beside it:"
              f" those are not counted; a larger --big keeps it under way through all of them)")
    if "completed_s" in result:
        print(f"  big batch            {big:,} addresses, completed {result['completed_s']:.1f} s after its POST"
              f" ({result['rate']:.0f} addresses/s overall)")
    else:
        print(f"  big batch            {big:,} addresses, COMPLETED by its status; its stream ended"
              " without `completed`")
    print()

    def over(a, b):
        return a / b if b else float("nan")

    alone_on, alone_off = median(alone["on"]), median(alone["off"])
    beside_on, beside_off = median(beside["on"]), median(beside["off"])
    ratio_on, ratio_off = over(beside_on, alone_on), over(beside_off, alone_off)
    on_off = over(max(beside_on, beside_off), min(beside_on, beside_off))
    rate_quiet, rate_busy = progress.rate(quiet), progress.rate(busy)
    rate_after = progress.rate([(t_last, t_after)]) if t_after > t_last else float("nan")
    print(f"  medium alone         median on {alone_on:6.2f} s, off {alone_off:6.2f} s (POST to `completed`)")
    print(f"  medium beside big    median on {beside_on:6.2f} s, off {beside_off:6.2f} s")
    print(f"  beside / alone       on {ratio_on:5.2f}x {verdict(ratio_on <= 3)}, off {ratio_off:5.2f}x"
          f" {verdict(ratio_off <= 3)}   (target <= 3x)")
    print(f"  on / off beside big  {on_off:5.2f}x (the slower over the faster)   (target <= 1.5x)"
          f" {verdict(on_off <= 1.5)}")
    print(f"  big batch's rate     {rate_quiet:8.0f} addresses/s with no other batch"
          f" ({len(quiet)} windows, {sum(b - a for a, b in quiet):.1f} s), {rate_busy:8.0f} beside one"
          f" ({len(busy)} windows, {sum(b - a for a, b in busy):.1f} s): {100 * over(rate_busy, rate_quiet):5.1f} %"
          f"   (target >= 40 %) {verdict(over(rate_busy, rate_quiet) >= 0.4)}")
    print(f"  big batch after      {rate_after:8.0f} addresses/s in the {max(0.0, t_after - t_last):.1f} s after the"
          f" last medium batch: {100 * over(rate_after, rate_quiet):5.1f} % of its rate with no other batch")
    ok, detail = exactly_once(batches, accounts, medium)
    print(f"  medium batches       {'exactly once' if ok else 'NOT EXACTLY ONCE'}: {detail}")
    ok, detail = exactly_once([result["batch"]], [result["account"]], big)
    print(f"  big batch            {'exactly once' if ok else 'NOT EXACTLY ONCE'}: {detail}")
    quiet_database()

    # Many tenants at once: round robin over accounts should bring them all in together.
    tok = admin_token()  # a token lives 15 minutes; the big run may have taken most of one
    run = uuid.uuid4().hex[:8]
    ids = [create_account(tok, f"Bench share-tenant {run} {i}", each * 2) for i in range(tenants)]
    bodies = [[f"tenant-{run}-{i}-{j}@bench.example" for j in range(each)] for i in range(tenants)]
    results = together(tok, ids, bodies)
    times = [seconds for _, seconds in results]
    spread = max(times) / min(times) - 1
    print(f"  {tenants} accounts x {each:,} at the same moment (their keys on"
          f" {len({partition_of(a, PARTITIONS) for a in ids})} of the {PARTITIONS} partitions)")
    print("  completed after      " + ", ".join(f"{t:.1f} s (p{partition_of(a, PARTITIONS)})"
                                               for t, a in zip(times, ids)))
    print(f"  slowest / fastest    {max(times):.1f} / {min(times):.1f} s: spread {100 * spread:5.1f} %"
          f"   (target <= 25 %) {verdict(spread <= 0.25)}")
    print(f"  total                {tenants * each / max(times):8.0f} addresses/s")
    ok, detail = exactly_once([batch for batch, _ in results], ids, each)
    print(f"  {'':20s} {'exactly once' if ok else 'NOT EXACTLY ONCE'}: {detail}")


def service_setting(names, default):
    """A setting of the running service, from its own environment (/proc), else from the stack's
    usher.env: the first of `names` set there (the property's own variable first, since it wins
    over the one application.properties reads), else the service's default."""
    try:
        raw = open(f"/proc/{service_pid()}/environ", "rb").read().split(b"\0")
        env = dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)
    except (OSError, ValueError):
        path = os.path.join(RUN_DIR, "usher.env")
        env = read_env(path) if os.path.exists(path) else {}
    return next((env[name] for name in names if env.get(name)), default)


def seconds_of(duration):
    """A duration as Quarkus reads one: seconds, 500ms / 30s / 2m / 1h, or ISO-8601 (PT30S)."""
    text = duration.strip()
    if re.fullmatch(r"\d+", text):
        return float(text)
    m = re.fullmatch(r"(\d+)(ms|s|m|h|d)", text)
    if m:
        return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    m = re.fullmatch(r"(?:PT)?(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?", text.upper())
    if m and any(m.groups()):
        hours, minutes, seconds = (float(x or 0) for x in m.groups())
        return hours * 3600 + minutes * 60 + seconds
    raise ValueError(f"not a duration: {duration}")


class SlowUpload:
    """A text/plain bulk invitation on a socket of its own, whose body the caller sends when it
    pleases, line by line: chunked transfer encoding, since its length is not known beforehand."""

    def __init__(self, tok, account, key):
        self.sock = socket.create_connection(("127.0.0.1", HTTP), timeout=30)
        self.sock.sendall((f"POST /api/v1/accounts/{account}/invitations?role=EDITOR HTTP/1.1\r\n"
                           f"Host: 127.0.0.1:{HTTP}\r\nAuthorization: Bearer {tok}\r\n"
                           f"Content-Type: text/plain\r\nIdempotency-Key: {key}\r\n"
                           f"Transfer-Encoding: chunked\r\n\r\n").encode())
        self.started = time.monotonic()
        self.lines, self.sent = 0, [(self.started, 0)]  # (when, bytes of body sent by then)
        self.broken = None  # why the sending stopped, when the server closed the connection first

    def send(self, lines):
        data = "".join(f"{line}\n" for line in lines).encode()
        try:
            self.sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))
        except OSError as e:  # the server answered and closed the connection, or reset it
            self.broken = f"{type(e).__name__} ({e}) {time.monotonic() - self.started:.1f} s in"
            return False
        self.lines += len(lines)
        self.sent.append((time.monotonic(), self.sent[-1][1] + len(data)))
        return True

    def bytes_within(self, seconds):
        return max(b for t, b in self.sent if t - self.started <= seconds)

    def answered(self, within):
        """Whether the server began to answer, or closed the connection, within `within` seconds."""
        readable, _, _ = select.select([self.sock], [], [], max(0.0, within))
        return bool(readable)

    def answer(self, timeout=10):
        """(status, content type, body, seconds after the request's head) as the server answered;
        the status is None when the connection ended without an answer, the body then says how."""
        at = time.monotonic() - self.started
        self.sock.settimeout(timeout)
        resp = http.client.HTTPResponse(self.sock, method="POST")
        try:
            try:
                resp.begin()
            except (OSError, http.client.HTTPException) as e:
                return None, "", f"{type(e).__name__}: {e}".encode(), at
            try:
                body = resp.read()
            except (OSError, http.client.HTTPException) as e:
                body = f"(the body was cut short: {type(e).__name__}: {e})".encode()
            return resp.status, resp.getheader("Content-Type") or "", body, at
        finally:
            resp.close()
            self.sock.close()


def slow_post(tok, account, key, lines, burst, trickle, wait, beside=None):
    """Sends `burst` of the lines at once, then one a second for up to `trickle` seconds, stopping
    as soon as the server answers; then, sending nothing more, waits up to `wait` seconds for its
    answer. `beside` (a thread) is started as the trickle begins. (the upload, its answer, the
    monotonic time the answer came, seconds the trickle lasted)."""
    up = SlowUpload(tok, account, key)
    up.send(lines[:burst])
    start = time.monotonic()
    if beside:
        beside.start()
    n, answered = burst, False
    while up.broken is None and n < len(lines):
        due = start + (n - burst + 1)
        if due > start + trickle:
            break
        if up.answered(due - time.monotonic()):
            answered = True
            break
        up.send([lines[n]])
        n += 1
    trickled = time.monotonic() - start
    if not answered and up.broken is None:
        answered = up.answered(wait)
    answer = up.answer(10 if answered or up.broken else 1)
    return up, answer, up.started + answer[3], trickled


def describe(answer):
    status, content_type, body, at = answer
    if status is None:
        return f"no answer after {at:.1f} s: {body.decode(errors='replace')}"
    text = f"{status} ({content_type or 'no content type'}) after {at:.1f} s"
    try:
        problem = json.loads(body)
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        return text + f": {body[:200]!r}"
    return text + f": type {problem.get('type')}, title \"{problem.get('title')}\", detail \"{problem.get('detail')}\""


def is_problem_408(answer):
    return answer[0] == 408 and answer[1].startswith("application/problem+json")


def leftovers(account):
    """What an account holds of invitations: (all zero, a line naming each count)."""
    names = [("batches", "invitation_batches"), ("inbox slices", "invitation_inbox"),
             ("outcomes", "invitation_outcomes"), ("memberships", "memberships"), ("mails", "mail_outbox")]
    row = psql("SELECT " + ", ".join(f"(SELECT count(*) FROM {table} WHERE account_id = '{account}')"
                                     for _, table in names))
    counts = [int(x) for x in row.split("|")]
    return not any(counts), ", ".join(f"{n} {name}" for n, (name, _) in zip(counts, names))


def key_again(tok, account, key, tag):
    """A normal POST with the key the failed request used: (202 and completed, what happened)."""
    lines = [f"again-{tag}-{i}@bench.example" for i in range(3)]
    status, resp, _ = request("POST", f"{USHER}/api/v1/accounts/{account}/invitations?role=EDITOR",
                              "\n".join(lines).encode(),
                              {"Authorization": f"Bearer {tok}", "Content-Type": "text/plain", "Idempotency-Key": key})
    if status != 202:
        return False, f"{status}: {resp[:200]!r}"
    batch = json.loads(resp)["id"]
    follow(tok, batch)
    state = batch_state(tok, batch)
    done = state.get("status") == "COMPLETED" and state.get("processed") == len(lines)
    return done, (f"202, a new batch of {state.get('total')} addresses, {state.get('status')}"
                  f" ({state.get('processed')} processed)")


def slow_upload(trickle_seconds, neighbour=2000):
    """A client that sends its body too slowly must not hold anyone up, and must leave nothing."""
    tok = admin_token()
    stall = seconds_of(service_setting(("USHER_INVITATIONS_BODY_STALL_TIMEOUT", "USHER_BODY_STALL_TIMEOUT"), "PT30S"))
    min_rate = int(service_setting(("USHER_INVITATIONS_BODY_MIN_RATE", "USHER_BODY_MIN_RATE"), "1024"))
    print(f"slow-upload: a body sent too slowly (stall timeout {stall:.0f} s, minimum rate {min_rate:,} bytes/s"
          f" over each such window) beside another account's {neighbour:,} addresses on the same partition")
    run = uuid.uuid4().hex[:6]
    slow = create_account(tok, f"Bench slow {run}", 10_000)
    partition = partition_of(slow, PARTITIONS)
    (v_alone, v_beside), made = accounts_on_partition(tok, partition, 2, "slow-v", editors=neighbour * 2)
    print(f"  the slow account and the other two on partition {partition} of {PARTITIONS}"
          f" ({made} accounts made to find them)")
    _, t0, done = timed_batch(tok, v_alone, [f"v-{run}-alone-{i}@bench.example" for i in range(neighbour)])
    alone = done - t0

    beside = {}

    def post_beside():
        time.sleep(1)  # one second into the trickle: the slow batch is being received
        _, beside["posted"], beside["done"] = timed_batch(
            tok, v_beside, [f"v-{run}-beside-{i}@bench.example" for i in range(neighbour)])
    thread = threading.Thread(target=post_beside, daemon=True)
    # Short lines (26 bytes at most): 1,001 of them at once stay below the minimum rate over the
    # first window by themselves, so the trickle that follows is what the rule has to catch.
    burst = 1001
    lines = [f"t{run}-{i}@slow.example" for i in range(burst + trickle_seconds + 1)]
    key = f"slow-{run}"
    up, answer, answered_at, trickled = slow_post(tok, slow, key, lines, burst, trickle_seconds, stall + 15, thread)
    thread.join(max(0.0, 120 - (time.monotonic() - up.started)))
    first = up.bytes_within(stall)
    burst_bytes = sum(len(line) + 1 for line in lines[:burst])
    print(f"  the slow request     {burst:,} lines ({burst_bytes:,} bytes) at once, then one a second:"
          f" {first:,} bytes in its first {stall:.0f} s ({first / stall:.0f} bytes/s); {up.lines:,} lines sent,"
          f" the trickle lasted {trickled:.1f} s"
          + ("" if up.broken is None else f"; sending stopped: {up.broken}"))
    print(f"  it got               {describe(answer)}   {verdict(is_problem_408(answer))}")
    print(f"  the other alone      {alone:6.2f} s from its POST to `completed` ({neighbour:,} addresses)")
    if "done" in beside:
        took = beside["done"] - beside["posted"]
        open_still = beside["done"] < answered_at
        when = "while the slow request was still open" if open_still else "after the slow request ended"
        print(f"  beside the trickle   {took:6.2f} s, {when}"
              f"   (target <= {alone + 5:.2f} s: 5 s more than alone) {verdict(took <= alone + 5)}")
    else:
        print("  beside the trickle   not completed within 120 s of the slow request's start   MISSED")
    # The records of the lines that were read may still be on their way through Kafka: a moment
    # for any of them to show up as a row before the count.
    time.sleep(3)
    clean, counts = leftovers(slow)
    print(f"  left behind          {counts}   {verdict(clean)}")
    ok, what = key_again(tok, slow, key, f"{run}-slow")
    print(f"  the same key again   {what}   {verdict(ok)}")

    print("  a body that stops after 100 lines")
    stalled = create_account(tok, f"Bench stalled {run}", 1_000)
    key = f"stalled-{run}"
    up, answer, answered_at, _ = slow_post(tok, stalled, key, [f"s{run}-{i}@slow.example" for i in range(100)], 100, 0,
                                           stall + 30)
    silence = answered_at - up.sent[-1][0]
    in_time = stall - 1 <= silence <= stall + 5
    print(f"  it got               {describe(answer)}, {silence:.1f} s after its last byte"
          + ("" if up.broken is None else f" (sending stopped: {up.broken})")
          + f"   (target: 408 about {stall:.0f} s after the last byte) {verdict(is_problem_408(answer) and in_time)}")
    time.sleep(3)
    clean, counts = leftovers(stalled)
    print(f"  left behind          {counts}   {verdict(clean)}")
    ok, what = key_again(tok, stalled, key, f"{run}-stalled")
    print(f"  the same key again   {what}   {verdict(ok)}")


def seed_pending(tok, count, label):
    """An account with `count` pending bulk mails, copied from one real invitation mail of its own
    (so each renders as the relay would send it), to 100 recipients so that GreenMail's cost per
    mail stays flat. The SMTP server is held meanwhile. The account's id."""
    run = uuid.uuid4().hex[:8]
    account = create_account(tok, f"{label} {run}", 10)
    body = f"{label.lower()}-{run}-template@bench.example".encode()
    status, resp, _ = request("POST", f"{USHER}/api/v1/accounts/{account}/invitations?role=EDITOR", body,
                              {"Authorization": f"Bearer {tok}", "Content-Type": "text/plain"})
    assert status == 202, resp
    follow(tok, json.loads(resp)["id"])
    template = psql(f"SELECT id FROM mail_outbox WHERE account_id = '{account}' ORDER BY id LIMIT 1")
    t0 = time.monotonic()
    psql(f"INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
         f" SELECT account_id, kind, 'bulk-' || (g % 100) || '-{run}@bench.example', payload,"
         f" 'bench-pending:{run}:' || g, 1 FROM mail_outbox, generate_series(1, {count}) g WHERE id = {template}")
    # As autovacuum would have left it (this machine's PostgreSQL runs without autovacuum): the
    # index entries of mails already sent are gone.
    psql("VACUUM ANALYZE mail_outbox")
    print(f"  {count:,} pending mails of one account written in {time.monotonic() - t0:.1f} s (and vacuumed)")
    return account


def sent_between(account, start, end):
    return int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'"
                    f" AND sent_at >= to_timestamp({start}) AND sent_at < to_timestamp({end})"))


def active_member(account, email):
    """A member who has set a password: the one a reset is for. Their profile id."""
    profile = str(uuid.uuid4())
    psql(f"INSERT INTO profiles (id, email, first_name, last_name, status) VALUES"
         f" ('{profile}', '{email}', 'Reset', 'Bench', 'ACTIVE')")
    psql(f"INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at) VALUES"
         f" ('{uuid.uuid4()}', '{account}', '{profile}', 'EDITOR', 'ACTIVE', now())")
    return profile


def newest_mail():
    return int(psql("SELECT coalesce(max(id), 0) FROM mail_outbox"))


def waits(account, since_epoch, recipients, floor, within=120):
    """Seconds from `since_epoch` to each recipient's mail being accepted by the SMTP server. Only
    rows after `floor` are read (by primary key): a query that scanned the outbox's millions of
    rows four times a second would take the very CPU the relay is measured on."""
    quoted = ", ".join(f"'{r}'" for r in recipients)
    deadline = time.monotonic() + within
    while True:
        rows = psql(f"SELECT extract(epoch FROM sent_at) - {since_epoch} FROM mail_outbox WHERE id > {floor}"
                    f" AND account_id = '{account}' AND recipient IN ({quoted}) AND status = 'SENT'")
        found = [float(x) for x in rows.split()] if rows else []
        if len(found) == len(recipients) or time.monotonic() > deadline:
            return sorted(found)
        time.sleep(0.5)  # the times come from sent_at; polling faster would only take the relay's CPU


def wait_sent(dedupe_pattern, count, floor, within=60):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if int(psql(f"SELECT count(*) FROM mail_outbox WHERE id > {floor} AND dedupe_key LIKE '{dedupe_pattern}'"
                    f" AND status = 'SENT'")) >= count:
            return True
        time.sleep(0.5)
    return False


class Vacuum(threading.Thread):
    """VACUUM of the outbox every 10 s, as autovacuum does on a production server with the
    migration's settings for this queue (vacuumed after 1 % of its rows changed). This machine's
    PostgreSQL runs without autovacuum: there, every mail sent leaves an index entry that each round
    of the relay steps over, and the relay slows down minute by minute."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = False

    def run(self):
        while not self.stop:
            time.sleep(10)
            psql("VACUUM mail_outbox")


def sent_by_tenth(account, since):
    """The account's mails the SMTP server took, per tenth of a second since `since`, from sent_at:
    one query after the run, so that nothing reads the outbox while the relay is measured."""
    rows = psql(f"SELECT floor(extract(epoch FROM sent_at) * 10)::bigint, count(*) FROM mail_outbox"
                f" WHERE account_id = '{account}' AND status = 'SENT' AND sent_at >= to_timestamp({since})"
                f" GROUP BY 1")
    return {int(k): int(v) for k, v in (line.split("|") for line in rows.split())} if rows else {}


def rate_in(tenths, windows):
    sent = sum(n for k, n in tenths.items() if any(a * 10 <= k < b * 10 for a, b in windows))
    return sent / sum(b - a for a, b in windows)


def mail_fairness(pending, cycles=8, window=5.0):
    """Alone and beside windows alternate, so that whatever drifts during the run (GreenMail
    holding more mail, the JIT, the outbox's dead rows) weighs on both alike."""
    tok = admin_token()
    print(f"mail-fairness: {pending:,} pending mails of one account; {cycles} times, {window:.0f} s alone, then"
          f" {window:.0f} s in which another account invites 10 people and resets a member's password")
    hold_smtp(True)
    try:
        big = seed_pending(tok, pending, "Fair-big")
        small = create_account(tok, f"Fair-small {uuid.uuid4().hex[:8]}", 20 * cycles)
        run = uuid.uuid4().hex[:8]
        members = [(f"reset-{run}-{c}@bench.example", None) for c in range(cycles)]
        members = [(email, active_member(small, email)) for email, _ in members]
    finally:
        hold_smtp(False)
    reset_mail_server()
    vacuum = Vacuum()
    vacuum.start()
    time.sleep(20)  # the relay finds the server again (its pause is at most 15 s) and reaches full speed
    start = time.time()

    alone, beside, rounds = [], [], []
    for c in range(cycles):
        t0 = time.time()
        time.sleep(window)
        t1 = time.time()
        recipients = [f"small-{run}-{c}-{i}@bench.example" for i in range(10)]
        floor = newest_mail()
        status, resp, _ = request("POST", f"{USHER}/api/v1/accounts/{small}/invitations?role=EDITOR",
                                  "\n".join(recipients).encode(),
                                  {"Authorization": f"Bearer {tok}", "Content-Type": "text/plain"})
        assert status == 202, resp
        follow(tok, json.loads(resp)["id"])
        t_completed = time.time()
        email, member = members[c]
        status, resp, _ = request("POST", f"{USHER}/api/v1/accounts/{small}/users/{member}/password-reset", b"",
                                  {"Authorization": f"Bearer {tok}"})
        assert status == 202, resp
        rounds.append((recipients, t_completed, email, time.time(), floor))
        time.sleep(max(0.0, t1 + window - time.time()))
        alone.append((t0, t1))
        beside.append((t1, time.time()))

    # The relay alone: the same 11 mails a round written straight into the outbox as the API does
    # (priority 0), without the batches' own work (Kafka, the worker, the stream) on these two cores,
    # which GreenMail already fills: what the fair share itself costs the big account.
    template = psql(f"SELECT id FROM mail_outbox WHERE id > {rounds[0][4]} AND account_id = '{small}' ORDER BY id LIMIT 1")
    # GreenMail keeps every mail it takes, and slows down as it fills: emptied between the phases
    # (as relay() does every 10,000 mails), outside any window, and the relay given time to resume.
    reset_mail_server()
    time.sleep(20)
    direct_alone, direct_beside, direct_tags = [], [], []
    for c in range(cycles):
        t0 = time.time()
        time.sleep(window)
        t1 = time.time()
        tag = f"direct-{run}-{c}"
        psql(f"INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
             f" SELECT account_id, kind, '{tag}-' || g || '@bench.example', payload, '{tag}:' || g, 0"
             f" FROM mail_outbox, generate_series(1, 11) g WHERE id = {template}")
        direct_tags.append((tag, newest_mail() - 11))
        time.sleep(max(0.0, t1 + window - time.time()))
        direct_alone.append((t0, t1))
        direct_beside.append((t1, time.time()))
    vacuum.stop = True

    invited, resets, direct = [], [], []
    for recipients, t_completed, email, t_reset, floor in rounds:
        invited += waits(small, t_completed, recipients, floor)
        resets += waits(small, t_reset, [email], floor)
    for tag, floor in direct_tags:
        direct += [float(x) for x in psql(
            f"SELECT extract(epoch FROM sent_at - created_at) FROM mail_outbox WHERE id > {floor}"
            f" AND dedupe_key LIKE '{tag}:%' AND status = 'SENT'").split()] if wait_sent(f"{tag}:%", 11, floor) else []
    tenths = sent_by_tenth(big, start)
    left = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{big}' AND status = 'PENDING'"))
    invited.sort()
    resets.sort()
    direct.sort()

    def median(values):
        return values[len(values) // 2] if values else float("nan")

    def rates(alone_windows, beside_windows):
        a, b = rate_in(tenths, alone_windows), rate_in(tenths, beside_windows)
        return f"{a:.0f} mails/s alone, {b:.0f} beside the small one ({100 * (b - a) / a:+.1f} %; target >= -10 %)"

    print(f"  the invitations      {len(invited)} of {10 * cycles} sent; from their batch's `completed`:"
          f" median {median(invited):.2f} s, worst {max(invited, default=float('nan')):.2f} s (target <= 5 s)")
    print(f"  the password resets  {len(resets)} of {cycles} sent; from the 202: median {median(resets):.2f} s,"
          f" worst {max(resets, default=float('nan')):.2f} s")
    print(f"  big account, batches through the API beside it: {rates(alone, beside)}")
    print(f"  big account, the same mails written straight into the outbox: {rates(direct_alone, direct_beside)};"
          f" those {len(direct)} mails sent {median(direct):.2f} s (median), {max(direct, default=float('nan')):.2f} s"
          f" (worst) after they were written")
    print(f"  {left:,} of the big account's mails still pending, set aside")
    set_mails_aside(psql, big)


def claim_plan(pending):
    tok = admin_token()
    print(f"claim-plan: one relay claim on an outbox of {pending:,} pending mails of one account and ten of others")
    hold_smtp(True)
    try:
        big = seed_pending(tok, pending, "Plan-big")
        others = [seed_pending(tok, 1, f"Plan-{i}") for i in range(10)]
        source = open(os.path.join(HERE, "..", "..", "src", "main", "java", "io", "usher", "mail",
                                   "MailRelay.java")).read()

        def statement(name):
            text = re.search(name + r' = (".*?");', source, re.S).group(1)
            return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))

        # The lanes as the relay takes them (priority 1: every lane), then the claim of their mails.
        lanes_sql = statement("LANES").replace("$1", "1").replace("$2", "200")
        lanes = [line.split("|") for line in psql(lanes_sql.replace(" FOR NO KEY UPDATE SKIP LOCKED", "")).split()]
        share = max(1, 200 // max(1, len(lanes)))
        claim_sql = (statement("CLAIM")
                     .replace("$1::smallint[]", f"'{{{','.join(p for p, _ in lanes)}}}'::smallint[]")
                     .replace("$2::uuid[]", f"'{{{','.join(a for _, a in lanes)}}}'::uuid[]")
                     .replace("$3", str(share)).replace("$4", "120000").replace("$5", f"'{uuid.uuid4()}'"))
        plan = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d", "usher", "-q",
                               "-c", "BEGIN",
                               "-c", f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {lanes_sql}",
                               "-c", f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {claim_sql}", "-c", "ROLLBACK"],
                              capture_output=True, text=True, check=True).stdout
        print(plan)
        for account in [big] + others:
            set_mails_aside(psql, account)
    finally:
        hold_smtp(False)


def mail_waiting(accounts, probes):
    """The relay's loop for mails a person waits for, beside the bulk rounds of many accounts: the
    bulk mails are written straight into the outbox (accounts of their own: the outbox needs no
    account row), two per account to 100 recipients, copied from one real invitation mail."""
    tok = admin_token()
    print(f"mail-waiting: {accounts:,} accounts with two pending bulk mails each; {probes} times, a password"
          f" reset through the API and a mail a person waits for written straight into the outbox")
    run = uuid.uuid4().hex[:8]
    hold_smtp(True)
    try:
        template_account = seed_pending(tok, 0, "Waiting")
        template = psql(f"SELECT id FROM mail_outbox WHERE account_id = '{template_account}' ORDER BY id LIMIT 1")
        small = create_account(tok, f"Waiting-small {run}", 20)
        members = [active_member(small, f"reset-{run}-{c}@bench.example") for c in range(probes)]
        t0 = time.monotonic()
        psql(f"WITH a AS MATERIALIZED (SELECT gen_random_uuid() AS id, n FROM generate_series(1, {accounts}) n)"
             f" INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
             f" SELECT a.id, kind, 'lanes-' || (a.n % 100) || '-{run}@bench.example', payload,"
             f" 'bench-lanes:{run}:' || a.n || ':' || g, 1 FROM mail_outbox, a, generate_series(1, 2) g"
             f" WHERE mail_outbox.id = {template}")
        print(f"  {2 * accounts:,} pending mails of {accounts:,} accounts written in {time.monotonic() - t0:.1f} s")
    finally:
        hold_smtp(False)
    reset_mail_server()
    time.sleep(16)  # the relay finds the server again (its pause is at most 15 s)
    floor = newest_mail()
    resets, direct, largest = [], [], 0
    for c in range(probes):
        # The largest claim under way, as its leased mails show it, just before each probe.
        largest = max(largest, int(psql(
            f"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM mail_outbox WHERE status = 'PENDING'"
            f" AND claim_token IS NOT NULL AND dedupe_key LIKE 'bench-lanes:{run}:%' GROUP BY claim_token) c")))
        email = f"reset-{run}-{c}@bench.example"
        status, resp, _ = request("POST", f"{USHER}/api/v1/accounts/{small}/users/{members[c]}/password-reset", b"",
                                  {"Authorization": f"Bearer {tok}"})
        assert status == 202, resp
        t_reset = time.time()
        tag = f"waiting-{run}-{c}"
        psql(f"INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
             f" SELECT account_id, kind, '{tag}@bench.example', payload, '{tag}', 0 FROM mail_outbox WHERE id = {template}")
        resets += waits(small, t_reset, [email], floor, within=30)
        time.sleep(1.5)
    for c in range(probes):
        tag = f"waiting-{run}-{c}"
        if wait_sent(tag, 1, floor, within=30):
            direct.append(float(psql(f"SELECT extract(epoch FROM sent_at - created_at) FROM mail_outbox"
                                     f" WHERE id > {floor} AND dedupe_key = '{tag}'")))
    sent = int(psql(f"SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE 'bench-lanes:{run}:%' AND status = 'SENT'"))
    resets.sort()
    direct.sort()

    def median(values):
        return values[len(values) // 2] if values else float("nan")

    print(f"  password resets      {len(resets)} of {probes} sent; from the 202: median {median(resets):.2f} s,"
          f" worst {max(resets, default=float('nan')):.2f} s (target <= 1 s)")
    print(f"  written straight in  {len(direct)} of {probes} sent; from created_at: median {median(direct):.2f} s,"
          f" worst {max(direct, default=float('nan')):.2f} s (target <= 1 s)")
    print(f"  meanwhile            {sent:,} of the {2 * accounts:,} bulk mails sent; the largest claim seen under way"
          f" held {largest} of them (the claim size is 200)")
    # In slices that skip the rows the relay holds (as set_mails_aside does): no deadlock with it.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and int(psql(
            f"SELECT count(*) FROM mail_outbox WHERE status = 'PENDING' AND dedupe_key LIKE 'bench-lanes:{run}:%'")):
        psql(f"WITH aside AS (SELECT id FROM mail_outbox WHERE status = 'PENDING'"
             f" AND dedupe_key LIKE 'bench-lanes:{run}:%' LIMIT 5000 FOR UPDATE SKIP LOCKED)"
             f" UPDATE mail_outbox m SET status = 'SENT', sent_at = now(), payload = m.payload - 'link'"
             f" FROM aside WHERE m.id = aside.id")
        time.sleep(0.2)
    print("  the bulk mails left pending set aside")


def option(args, name, default):
    """The number after `name` in args (both taken out of args), or `default`."""
    if name not in args:
        return default
    i = args.index(name)
    if i + 1 >= len(args):
        sys.exit(f"{name} needs a number")
    value = int(args[i + 1].replace(",", "").replace("_", ""))
    del args[i:i + 2]
    return value


def main():
    args = sys.argv[1:]
    size = option(args, "--size", 100_000)
    warmup = option(args, "--warmup", None)
    warmup = size if warmup is None else warmup
    big = option(args, "--big", 1_000_000)
    pending = option(args, "--pending", None)
    medium = option(args, "--medium", 5_000)
    tenants = option(args, "--tenants", 10)
    each = option(args, "--each", 50_000)
    trickle_seconds = option(args, "--trickle-seconds", 60)
    accounts = option(args, "--accounts", 5_000)
    probes = option(args, "--probes", 10)
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
                    warm = bulk(warmup, f"warm-up: {warmup} new addresses in one POST (not counted)")
                    set_mails_aside(psql, warm)
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
        elif w == "mail-fairness":
            mail_fairness(pending or 400_000)
        elif w == "worker-memory":
            worker_memory(size)
        elif w == "claim-plan":
            claim_plan(pending or 1_000_000)
        elif w == "mail-waiting":
            mail_waiting(accounts, probes)
        elif w == "members-100k":
            members(size)
        elif w == "fairness":
            hold_smtp(True)
            try:
                fairness(big)
            finally:
                hold_smtp(False)
        elif w in ("many-accounts", "scale-out", "copy-ratio", "fair-share", "slow-upload"):
            hold_smtp(True)
            try:
                {"many-accounts": lambda: many(), "scale-out": lambda: scale_out(),
                 "copy-ratio": lambda: copy_ratio(size),
                 "fair-share": lambda: fair_share(big, medium, tenants, each),
                 "slow-upload": lambda: slow_upload(trickle_seconds)}[w]()
            finally:
                hold_smtp(False)
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
