#!/usr/bin/env node
// Offline check of Usher's Kubernetes manifests (deployment/kubernetes). No cluster is needed.
//
//   node check.mjs              renders base/ and every overlays/*/ with `kubectl kustomize`,
//                               validates every object against its API's schema, then checks the
//                               manifests against each other and against the service's
//                               application.properties. Exit 0: all good; 1: a problem (listed).
//   node check.mjs --self-test  renders broken/ (deliberately wrong manifests, each saying in an
//                               annotation what the check must report) and passes only if the
//                               check reports every one of them. Exit 0 or 1 likewise.
//   --verbose                   also prints every check that passed.
//
// Schemas: kubernetes-models (core kinds), @kubernetes-models/strimzi-kafka-operator,
// /cloudnative-pg, /keda, /prometheus-operator; the KeycloakRealmImport, which has no model
// package, against the CRD's openAPIV3Schema vendored in schemas/ (with ajv).
// What else it checks, and why: README.md beside this file.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import YAML from "yaml";

const CHECK_DIR = path.dirname(fileURLToPath(import.meta.url));
const KUBE_DIR = path.resolve(CHECK_DIR, "..");
const REPO_DIR = path.resolve(KUBE_DIR, "../..");
const APP_PROPERTIES = path.join(REPO_DIR, "src/main/resources/application.properties");
const MIGRATIONS_DIR = path.join(REPO_DIR, "src/main/resources/db/migration");
const LOCAL_REALM = path.join(REPO_DIR, "deployment/local/keycloak/usher-realm.json");
const SECRETS_JSON = path.join(KUBE_DIR, "secrets.json");
const KEYCLOAK_SCHEMA = path.join(CHECK_DIR, "schemas/keycloakrealmimport-v2alpha1.json");
const BROKEN_DIR = path.join(CHECK_DIR, "broken");
const EXPECT_ANNOTATION = "check.usher.io/expect";

// ------------------------------------------------------------------------------------------------
// What the check knows about the service beyond application.properties
// ------------------------------------------------------------------------------------------------

// Environment variables application.properties reads with a default that the manifests may leave
// out: name -> { default, reason }. None today: every setting is written down in usher-config.
const OPTIONAL_ENV = {};

// What each role reads. One image, two roles: the API (USHER_WORKERS_ENABLED=false; pages, console,
// API, uploads, event streams) and the worker (USHER_WORKERS_ENABLED=true, the default: the inbox
// writers and appliers, the mail relay, the lease sweeper; no Ingress or NetworkPolicy lets a request
// reach its HTTP port). Variables only HTTP-serving code reads: a worker need not be given them, and
// a secret among them must not reach it (a pod gets only the Secrets it uses). The non-secret ones
// still come to both from the shared usher-config, the one file of every setting.
const WEB_ONLY_ENV = {
  USHER_OIDC_CLIENT_SECRET: { secret: true, reason: "the web client's secret: the authorization-code flow of the pages and the console (the web tenant); bearer tokens are verified by the realm's keys, without it" },
  USHER_MAX_BODY_SIZE: { reason: "request bodies: uploads reach the API only" },
  USHER_BODY_STALL_TIMEOUT: { reason: "upload bodies (BodyDeadlines)" },
  USHER_BODY_MIN_RATE: { reason: "upload bodies (BodyDeadlines)" },
  USHER_INVITATIONS_PREVIEW_LINES: { reason: "previews of an upload (InvitationPreview)" },
  USHER_INVITATIONS_MAX_STREAMS: { reason: "event streams (BatchStreamAccess)" },
  USHER_OIDC_REDIRECT_PATH: { reason: "the return of the pages' sign-in (the web tenant)" },
  USHER_OIDC_RESTORE_PATH: { reason: "the return of the pages' sign-in (the web tenant)" },
};
const roleOf = (values) => (values?.get("USHER_WORKERS_ENABLED") === "false" ? "api" : "worker");

// QUARKUS_* variables Quarkus maps to its own properties (listed, so a typo is an error).
// buildTime: the property is fixed when the image is built; the variable alone changes nothing.
const QUARKUS_ENV = {
  QUARKUS_PROFILE: { property: "quarkus.profile" },
  QUARKUS_HTTP_PORT: { property: "quarkus.http.port" },
  QUARKUS_SHUTDOWN_DELAY_ENABLED: { property: "quarkus.shutdown.delay-enabled", buildTime: true },
  QUARKUS_SHUTDOWN_DELAY: { property: "quarkus.shutdown.delay" },
  QUARKUS_SHUTDOWN_TIMEOUT: { property: "quarkus.shutdown.timeout" },
  QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING: { property: "quarkus.http.proxy.proxy-address-forwarding" },
  QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED: { property: "quarkus.http.proxy.allow-x-forwarded" },
  QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_HOST: { property: "quarkus.http.proxy.enable-forwarded-host" },
  QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_PREFIX: { property: "quarkus.http.proxy.enable-forwarded-prefix" },
  QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: { property: "quarkus.http.proxy.trusted-proxies" },
  QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY: { property: "quarkus.http.body.uploads-directory" },
  QUARKUS_LOG_CONSOLE_JSON_ENABLED: { property: "quarkus.log.console.json.enabled" },
  // Naming a collector turns tracing on (io.usher.platform.TracingSwitch).
  QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT: { property: "quarkus.otel.exporter.otlp.endpoint" },
  QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: { property: "quarkus.otel.exporter.otlp.traces.endpoint" },
  // Quarkus hands every KAFKA_X variable to every Kafka client as the client setting x
  // ("default-kafka-broker"): the connector's channels and Usher's own producers
  // (DurableProducers). Listed one by one, so that a misspelt name is still an error.
  KAFKA_SECURITY_PROTOCOL: { property: "kafka.security.protocol", kafkaClient: true },
  KAFKA_SASL_MECHANISM: { property: "kafka.sasl.mechanism", kafkaClient: true },
  KAFKA_SASL_JAAS_CONFIG: { property: "kafka.sasl.jaas.config", kafkaClient: true },
  KAFKA_SSL_TRUSTSTORE_TYPE: { property: "kafka.ssl.truststore.type", kafkaClient: true },
  KAFKA_SSL_TRUSTSTORE_LOCATION: { property: "kafka.ssl.truststore.location", kafkaClient: true },
};

// Variables the manifests set for a mapping the service is to add: name -> the property it should
// feed. Once application.properties reads one (a ${NAME} placeholder, or the property itself),
// it is an ordinary setting; until then the check prints it as a note, not a failure.
const PENDING_ENV = {
  USHER_WORKERS_ENABLED: "mp.messaging.incoming.invitation-requests.enabled",
};

// Where the Kubernetes realm may differ from deployment/local/keycloak/usher-realm.json, and why.
// Paths: clients/people by clientId/username, e.g. clients[usher-web].redirectUris.
const REALM_DIFFERENCES = [
  [/^sslRequired$/, "local: plain HTTP on loopback; here TLS for every request (checked: all)"],
  [/^passwordPolicy$/, "local: 8 characters, as the tests' seeded people have; here the policy an operator signs (checked)"],
  [/^bruteForceProtected$/, "production sign-ins are protected against password guessing"],
  [/^clients\[usher-web\]\.directAccessGrantsEnabled$/, "the password grant only serves local curl tests"],
  [/^clients\[usher-web\]\.redirectUris/, "the public host instead of the local URL (checked against the Ingress)"],
  [/^clients\[usher-web\]\.attributes\.post\.logout\.redirect\.uris$/, "the public host (checked against the Ingress)"],
  [/^users\[(?!service-account-)[^\]]+\]$/, "no people and no passwords are seeded in production"],
];

// Heap, as -Xmx in the container's args (appended to the native image's ENTRYPOINT): at most this
// share of the memory limit, the rest for what is not heap (README "Memory"), and not so little
// that the limit is mostly unused. An API pod's heap holds its event streams and an upload at once:
// about 45 KiB a stream (10,000 streams: 450-550 MiB) and 269 MiB at a 1,000,000-line upload's
// peak, both measured on the JVM (README "Performance").
const HEAP_MAX_SHARE = 0.7;
const HEAP_MIN_SHARE = 0.5;
const HEAP_PER_STREAM_BYTES = 45 * 1024;
const UPLOAD_PEAK_HEAP_BYTES = 269 * 1024 ** 2;

// The realm in Kubernetes: TLS for every request, and a password policy of at least this length,
// neither user name nor email, with a history.
const REALM_SSL_REQUIRED = "all";
const PASSWORD_MIN_LENGTH = 12;
// Where the service sends a person after switching person (InvitationPages: the sign-in URL with
// the next person's login_hint): a query Keycloak matches only under a trailing wildcard. The one
// wildcard the realm may hold, post-logout only (no code or token is sent there).
const SIGN_IN_PATH = "/signin";

// PostgreSQL connections kept free of the service's pools: CNPG's instance manager, monitoring,
// KEDA's backlog query, an operator's psql.
const DB_CONNECTION_MARGIN = 10;
const PROBE_PATHS = { startupProbe: "/q/health/started", readinessProbe: "/q/health/ready", livenessProbe: "/q/health/live" };
const METRICS_PATH = "/q/metrics";
// Alerts the PrometheusRule must hold (README "Operations").
const REQUIRED_ALERTS = ["UsherHttp5xxRatio", "UsherHttpSlow", "UsherDatabaseVolumeFilling", "UsherDatabaseReplicationLag",
  "UsherDatabaseWalArchiving", "UsherWorkersLagging", "UsherInboxWritersLagging", "UsherOldestMailTooOld"];
// CloudNativePG's ports on its instances: PostgreSQL, the instance manager's status (the operator
// and the other instances), the exporter; the API server's and the object store's (HTTPS).
const CNPG_INGRESS = ["5432/TCP", "8000/TCP", "9187/TCP"];
const CNPG_EGRESS = ["5432/TCP", "8000/TCP", "53/UDP", "53/TCP", "6443/TCP", "443/TCP"];
const SSE_MIN_READ_TIMEOUT_S = 3600;
// ingress-nginx's proxy-read-timeout when no annotation sets it, in seconds; the most an ordinary
// request (a page, an API call, an upload's answer) may be given: only event streams wait an hour.
const NGINX_DEFAULT_READ_TIMEOUT_S = 60;
const ORDINARY_MAX_READ_TIMEOUT_S = 300;
// Sample requests routed through the Ingresses as ingress-nginx would: the service's event streams
// (BatchResource, BatchConsole: GET .../events), and requests that must get the ordinary limits,
// the bulk upload among them. Ids are any UUID.
const ID = "0b5e8f3c-2a41-4c5e-9f43-6f1d2e3a4b5c";
const EVENT_STREAM_URLS = [`/api/v1/invitation-batches/${ID}/events`, `/console/accounts/${ID}/batches/${ID}/events`];
const UPLOAD_URL = `/api/v1/accounts/${ID}/invitations`;
const ORDINARY_URLS = ["/", "/signin", `/console/accounts/${ID}`, UPLOAD_URL, `/api/v1/invitation-batches/${ID}`,
  `/api/v1/invitation-batches/${ID}/outcomes`, `/console/accounts/${ID}/batches/${ID}`, `/console/accounts/${ID}/batches/${ID}/report.csv`,
  `/console/accounts/${ID}/batches/${ID}/mails`, `/api/v1/invitation-batches/${ID}/events/more`];
// ingress-nginx's proxy-send-timeout when no annotation sets it, in seconds.
const NGINX_DEFAULT_SEND_TIMEOUT_S = 60;
// The backlog KEDA scales the workers on: the table, and the statuses of batches whose addresses
// wait (accepted, not all decided; a batch still RECEIVING has no total yet and no line to apply).
const BACKLOG_TABLE = "invitation_batches";
const BACKLOG_STATUSES = ["QUEUED", "PROCESSING"];
// sslmode values that encrypt: KEDA's login crosses namespaces.
const ENCRYPTING_SSLMODES = ["require", "verify-ca", "verify-full"];

// ------------------------------------------------------------------------------------------------
// Small helpers
// ------------------------------------------------------------------------------------------------

const asArray = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);
const ref = (o) => `${o?.kind ?? "?"}/${o?.metadata?.name ?? "?"}`;
const labelsMatch = (selector, labels) =>
  selector != null &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => (labels ?? {})[k] === v);

/** Quarkus durations: ISO-8601 (PT5S), a number of seconds, or a number with ms/s/m/h/d. */
function parseDurationSeconds(text) {
  if (text == null) return undefined;
  const s = String(text).trim();
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s.length > 1) {
    const [, d = 0, h = 0, m = 0, sec = 0] = iso;
    return Number(d) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(sec);
  }
  const simple = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/i.exec(s);
  if (!simple) return NaN;
  const n = Number(simple[1]);
  const unit = (simple[2] ?? "s").toLowerCase();
  return n * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[unit];
}

/** Bytes of a Quarkus MemorySize (64M: binary units) or an nginx size (64m; 0 = unlimited). */
function parseBytes(text) {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt])?b?$/i.exec(String(text ?? "").trim());
  if (!m) return NaN;
  return Number(m[1]) * 1024 ** ({ k: 1, m: 2, g: 3, t: 4 }[(m[2] ?? "").toLowerCase()] ?? 0);
}

/** Kubernetes quantities, for comparing requests with limits. */
function parseQuantity(q) {
  const m = /^([+-]?\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q ?? ""));
  if (!m) return NaN;
  const f = { m: 1e-3, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? f[m[2]] : 1);
}

/**
 * The Ingress path ingress-nginx would serve a request by: with use-regex on any Ingress of the
 * host, every path of the host is a case-insensitive regular expression anchored at its start, tried
 * longest first; otherwise the longest matching prefix (Prefix: whole segments; Exact: equal).
 */
function nginxRoute(ingresses, host, url) {
  const paths = ingresses.flatMap((ing) => asArray(ing.spec?.rules).filter((r) => r.host === host)
    .flatMap((r) => asArray(r.http?.paths).map((p) => ({ ingress: ing, path: p.path ?? "/", pathType: p.pathType }))));
  const regex = ingresses.some((ing) => asArray(ing.spec?.rules).some((r) => r.host === host)
    && ing.metadata?.annotations?.["nginx.ingress.kubernetes.io/use-regex"] === "true");
  const matches = paths.filter(({ path, pathType }) => {
    if (pathType === "Exact") return url === path;
    if (regex) {
      try { return new RegExp(`^${path}`, "i").test(url); } catch { return false; }
    }
    if (pathType === "Prefix") return path === "/" || url === path.replace(/\/$/, "") || url.startsWith(path.replace(/\/?$/, "/"));
    return url.startsWith(path);
  });
  return matches.sort((x, y) => y.path.length - x.path.length)[0];
}

/** How many endpoints of the service produce server-sent events (src/main/java). */
function countSseEndpoints() {
  const dir = path.join(REPO_DIR, "src/main/java");
  let n = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith(".java")) n += (readFileSync(f, "utf8").match(/@Produces\(\s*(MediaType\.SERVER_SENT_EVENTS|"text\/event-stream")/g) ?? []).length;
    }
  };
  if (existsSync(dir)) walk(dir);
  return n;
}

// ------------------------------------------------------------------------------------------------
// application.properties: the prod profile's values and the environment variables it reads
// ------------------------------------------------------------------------------------------------

function loadProperties(file) {
  const raw = readFileSync(file, "utf8").replace(/\\\r?\n[ \t]*/g, "");
  const all = new Map();
  for (const line of raw.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith("#") || t.startsWith("!")) continue;
    const i = t.search(/[=:]/);
    if (i < 0) continue;
    all.set(t.slice(0, i).trim(), t.slice(i + 1).trim());
  }
  // The prod profile: plain keys, overridden by %prod. ones; other profiles ignored.
  const prod = new Map();
  for (const [k, v] of all) if (!k.startsWith("%")) prod.set(k, v);
  for (const [k, v] of all) if (k.startsWith("%prod.")) prod.set(k.slice("%prod.".length), v);
  const env = new Map(); // NAME -> { default?: string, properties: [] }
  for (const [k, v] of prod) {
    for (const m of v.matchAll(/\$\{([A-Z][A-Z0-9_]*)(?::([^}]*))?\}/g)) {
      const e = env.get(m[1]) ?? { default: undefined, hasDefault: false, properties: [] };
      if (m[2] !== undefined) Object.assign(e, { default: m[2], hasDefault: true });
      e.properties.push(k);
      env.set(m[1], e);
    }
  }
  return { prod, env };
}

/** A property's value as the service would see it with this environment (values of ConfigMaps). */
function resolveProperty(props, key, envValues, depth = 0) {
  const v = props.prod.get(key);
  if (v == null || depth > 10) return v;
  return v.replace(/\$\{([^}:]+)(?::([^}]*))?\}/g, (all, name, def) => {
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) return envValues?.get(name) ?? def ?? "";
    return resolveProperty(props, name, envValues, depth + 1) ?? def ?? all;
  });
}

/** Whether the service reads an environment variable: a placeholder, or the property it maps to. */
function serviceReads(props, name) {
  if (props.env.has(name)) return true;
  const property = PENDING_ENV[name] ?? QUARKUS_ENV[name]?.property;
  return property != null && props.prod.has(property);
}

// ------------------------------------------------------------------------------------------------
// The schema: the columns of a table as Flyway's migrations leave it
// ------------------------------------------------------------------------------------------------

/**
 * The columns of a table after every migration (V<n>__*.sql in version order): those of its CREATE
 * TABLE, then each ALTER TABLE's ADD, DROP and RENAME COLUMN. Enough for the check's questions (is
 * there such a column?), not a SQL parser.
 */
function tableColumns(table) {
  if (!existsSync(MIGRATIONS_DIR)) return undefined;
  const version = (f) => Number(/^V(\d+)/.exec(f)[1]);
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^V\d+__.+\.sql$/.test(f)).sort((a, b) => version(a) - version(b));
  const columns = new Set();
  const keywords = new Set(["constraint", "unique", "check", "primary", "foreign", "exclude", "like"]);
  for (const f of files) {
    const sql = readFileSync(path.join(MIGRATIONS_DIR, f), "utf8").replace(/--[^\n]*/g, "");
    const create = new RegExp(`CREATE TABLE\\s+(?:IF NOT EXISTS\\s+)?${table}\\s*\\(`, "i").exec(sql);
    if (create) {
      // The items between the outer parentheses, split at the commas that are not nested.
      let depth = 0;
      let item = "";
      const items = [];
      for (const ch of sql.slice(create.index + create[0].length)) {
        if (ch === "(") depth++;
        if (ch === ")" && depth-- === 0) break;
        if (ch === "," && depth === 0) {
          items.push(item);
          item = "";
        } else item += ch;
      }
      items.push(item);
      for (const it of items) {
        const name = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?/.exec(it)?.[1]?.toLowerCase();
        if (name && !keywords.has(name)) columns.add(name);
      }
    }
    for (const alter of sql.matchAll(new RegExp(`ALTER TABLE\\s+(?:IF EXISTS\\s+)?(?:ONLY\\s+)?${table}\\b([^;]*);`, "gi"))) {
      const body = alter[1];
      for (const m of body.matchAll(/\bADD\s+COLUMN\s+(?:IF NOT EXISTS\s+)?"?([A-Za-z_][A-Za-z0-9_]*)/gi)) columns.add(m[1].toLowerCase());
      for (const m of body.matchAll(/\bDROP\s+COLUMN\s+(?:IF EXISTS\s+)?"?([A-Za-z_][A-Za-z0-9_]*)/gi)) columns.delete(m[1].toLowerCase());
      for (const m of body.matchAll(/\bRENAME\s+COLUMN\s+"?([A-Za-z_][A-Za-z0-9_]*)"?\s+TO\s+"?([A-Za-z_][A-Za-z0-9_]*)/gi)) {
        columns.delete(m[1].toLowerCase());
        columns.add(m[2].toLowerCase());
      }
    }
  }
  return columns;
}

// ------------------------------------------------------------------------------------------------
// Rendering and schema validation
// ------------------------------------------------------------------------------------------------

function render(dir) {
  let out;
  try {
    out = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  } catch (e) {
    if (e.code === "ENOENT") throw new Error("kubectl was not found on PATH: it renders the kustomizations (kubectl kustomize)");
    throw new Error(`kubectl kustomize ${path.relative(KUBE_DIR, dir) || "."} failed: ${(e.stderr || e.message).trim()}`);
  }
  const objects = [];
  for (const doc of YAML.parseAllDocuments(out)) {
    if (doc.errors.length) throw new Error(`kubectl kustomize ${dir}: unreadable YAML: ${doc.errors[0].message}`);
    const o = doc.toJS();
    if (o != null) objects.push(o);
  }
  return objects;
}

// Model packages by API group; groups without a dot, and *.k8s.io, are Kubernetes' own.
const CRD_PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};
const modelCache = new Map();

async function validatorFor(apiVersion, kind) {
  const cacheKey = `${apiVersion}|${kind}`;
  if (modelCache.has(cacheKey)) return modelCache.get(cacheKey);
  let result = null;
  if (typeof apiVersion === "string" && typeof kind === "string" && /^[A-Za-z0-9]+$/.test(kind)) {
    if (apiVersion === "k8s.keycloak.org/v2alpha1" && kind === "KeycloakRealmImport") {
      result = await keycloakRealmImportValidator();
    } else {
      const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
      let spec = null;
      if (!group.includes(".") || group.endsWith(".k8s.io")) spec = `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
      else if (CRD_PACKAGES[group]) spec = `${CRD_PACKAGES[group]}/${group}/${version}/${kind}`;
      if (spec) {
        try {
          const Model = (await import(spec))[kind];
          if (Model && Model.apiVersion === apiVersion && Model.kind === kind) {
            result = { source: spec, validate: (o) => new Model(o).validate() };
          }
        } catch (e) {
          if (!["ERR_PACKAGE_PATH_NOT_EXPORTED", "ERR_MODULE_NOT_FOUND"].includes(e.code)) throw e;
        }
      }
    }
  }
  modelCache.set(cacheKey, result);
  return result;
}

/**
 * The KeycloakRealmImport: ajv against the CRD's openAPIV3Schema. Stricter than the API server in
 * one way: an unknown field is an error (the server would drop it silently: a misspelt realm or
 * client setting would vanish).
 */
async function keycloakRealmImportValidator() {
  const { ObjectMeta } = await import("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta");
  const schema = JSON.parse(readFileSync(KEYCLOAK_SCHEMA, "utf8"));
  delete schema.$comment;
  const strict = (s) => {
    if (Array.isArray(s)) return s.forEach(strict);
    if (s == null || typeof s !== "object") return;
    if (s.properties && s.additionalProperties === undefined && !s["x-kubernetes-preserve-unknown-fields"]) s.additionalProperties = false;
    Object.values(s).forEach(strict);
  };
  strict(schema);
  Object.assign(schema.properties, {
    apiVersion: { const: "k8s.keycloak.org/v2alpha1" },
    kind: { const: "KeycloakRealmImport" },
    metadata: { type: "object" },
  });
  schema.required = ["apiVersion", "kind", "metadata", "spec"];
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  for (const k of ["x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-map-type"]) {
    ajv.addKeyword(k);
  }
  const validate = ajv.compile(schema);
  return {
    source: `schemas/${path.basename(KEYCLOAK_SCHEMA)} (ajv)`,
    validate: (o) => {
      new ObjectMeta(o.metadata).validate();
      if (!validate(o)) {
        const msg = validate.errors
          .map((e) => `data${e.instancePath} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`)
          .join(", ");
        throw new Error(msg);
      }
    },
  };
}

// ------------------------------------------------------------------------------------------------
// The checks
// ------------------------------------------------------------------------------------------------

class Report {
  constructor(verbose) {
    this.verbose = verbose;
    this.passed = 0;
    this.failures = []; // { render, subject, message }
    this.notes = new Set();
  }
  check(ok, render, subject, message) {
    if (ok) {
      this.passed++;
      if (this.verbose) console.log(`  ok   [${render}] ${subject}: ${message}`);
    } else {
      this.failures.push({ render, subject, message });
    }
    return ok;
  }
  fail(render, subject, message) {
    return this.check(false, render, subject, message);
  }
}

/** Everything one render's checks need, looked up once. */
function index(objects) {
  const byKind = (k) => objects.filter((o) => o?.kind === k);
  const named = (k, n) => objects.find((o) => o?.kind === k && o?.metadata?.name === n);
  return { objects, byKind, named };
}

/** The environment of a container: name -> { from, value? }, with duplicate definitions. */
function containerEnv(ctx, container) {
  const env = new Map();
  const duplicates = [];
  const put = (name, entry) => {
    if (env.has(name)) duplicates.push(`${name} (${env.get(name).from} and ${entry.from})`);
    env.set(name, entry);
  };
  for (const src of asArray(container.envFrom)) {
    if (src.configMapRef) {
      const cm = ctx.named("ConfigMap", src.configMapRef.name);
      for (const [k, v] of Object.entries(cm?.data ?? {})) put(`${src.prefix ?? ""}${k}`, { from: `ConfigMap ${src.configMapRef.name}`, value: v, configMap: true });
    }
    if (src.secretRef) {
      for (const k of ctx.secretKeys(src.secretRef.name) ?? []) put(`${src.prefix ?? ""}${k}`, { from: `Secret ${src.secretRef.name}`, secret: true });
    }
  }
  for (const e of asArray(container.env)) {
    const vf = e.valueFrom ?? {};
    if (vf.configMapKeyRef) {
      const cm = ctx.named("ConfigMap", vf.configMapKeyRef.name);
      put(e.name, { from: `ConfigMap ${vf.configMapKeyRef.name}`, value: cm?.data?.[vf.configMapKeyRef.key], configMap: true });
    } else if (vf.secretKeyRef) put(e.name, { from: `Secret ${vf.secretKeyRef.name}/${vf.secretKeyRef.key}`, secret: true, secretRef: vf.secretKeyRef });
    else if (vf.fieldRef || vf.resourceFieldRef) put(e.name, { from: "the pod" });
    else put(e.name, { from: "a literal", value: e.value, literal: true });
  }
  return { env, duplicates };
}

/** The documented Secrets of secrets.json, their {templates} filled from this render. */
function documentedSecrets(ctx) {
  const doc = JSON.parse(readFileSync(SECRETS_JSON, "utf8"));
  const users = ctx.byKind("KafkaUser");
  const clusters = [...new Set([...users, ...ctx.byKind("KafkaTopic")].map((o) => o.metadata?.labels?.["strimzi.io/cluster"]).filter(Boolean))];
  const vars = {
    kafkaUser: users.length === 1 ? users[0].metadata.name : undefined,
    kafkaCluster: clusters.length === 1 ? clusters[0] : undefined,
    postgresCluster: ctx.byKind("Cluster").length === 1 ? ctx.byKind("Cluster")[0].metadata.name : undefined,
  };
  const map = new Map();
  for (const s of doc.secrets) {
    const name = s.name.replace(/\{(\w+)\}/g, (all, v) => vars[v] ?? all);
    if (!name.includes("{")) map.set(name, { ...s, resolvedName: name });
  }
  return { map, vars };
}

function checkRender(r, objects, props, report, options) {
  const ctx = index(objects);
  const { map: secrets, vars } = documentedSecrets(ctx);
  ctx.secretKeys = (name) => (secrets.has(name) ? Object.keys(secrets.get(name).keys) : undefined);
  const C = (ok, subject, message) => report.check(ok, r, subject, message);
  const guard = (subject, fn) => {
    try {
      fn();
    } catch (e) {
      report.fail(r, subject, `the check could not read it: ${e.message}`);
    }
  };
  const usedSecrets = new Set();
  const secretRef = (subject, name, key, use) => {
    usedSecrets.add(name);
    const s = secrets.get(name);
    if (!C(s != null, subject, `${use}: Secret ${name} is one ../secrets.json lists${s ? "" : " (it does not: add it, with its keys, and to the overlays' READMEs)"}`)) return;
    if (key != null) C(key in s.keys, subject, `${use}: key ${key} of Secret ${name} is listed in ../secrets.json${key in s.keys ? "" : " (it is not)"}`);
  };

  const deployments = ctx.byKind("Deployment");
  const hpas = ctx.byKind("HorizontalPodAutoscaler");
  const scaledObjects = ctx.byKind("ScaledObject");
  const topics = ctx.byKind("KafkaTopic");
  const kafkaUsers = ctx.byKind("KafkaUser");
  const pgClusters = ctx.byKind("Cluster");
  const topicByName = (n) => topics.find((t) => (t.spec?.topicName ?? t.metadata?.name) === n);

  // No Secret is ever part of the manifests (they are made by operators or by hand).
  for (const s of ctx.byKind("Secret")) report.fail(r, ref(s), "a Secret in the manifests: Secrets are made outside them (../secrets.json)");
  C(ctx.byKind("Secret").length === 0, "manifests", "hold no Secret");

  const appDefaults = new Map([...props.env].map(([k, v]) => [k, v.default]));
  const defaultTopics = {
    requests: resolveProperty(props, "usher.invitations.requests-topic", new Map()),
    outcomes: resolveProperty(props, "usher.invitations.outcomes-topic", new Map()),
    deadLetters: resolveProperty(props, "usher.invitations.dead-letter-topic", new Map()),
  };
  const workersGroup = props.prod.get("mp.messaging.incoming.invitation-requests.group.id");
  const outcomesGroupPrefix = (props.prod.get("mp.messaging.incoming.invitation-outcomes.group.id") ?? "").split("${")[0];
  const kafkaCluster = vars.kafkaCluster;

  // --- Deployments ----------------------------------------------------------------------------
  const deploymentEnv = new Map(); // name -> Map of env values (ConfigMap-provided)
  for (const d of deployments) {
    const subject = ref(d);
    guard(subject, () => {
      const pod = d.spec?.template?.spec ?? {};
      const containers = asArray(pod.containers);
      C(containers.length === 1, subject, "runs one container");
      const c = containers[0] ?? {};
      const { env, duplicates } = containerEnv(ctx, c);
      const values = new Map([...env].filter(([, e]) => e.value != null).map(([k, e]) => [k, String(e.value)]));
      deploymentEnv.set(d.metadata.name, { env, values, container: c, pod });
      C(duplicates.length === 0, subject, `defines each variable once${duplicates.length ? ` (twice: ${duplicates.join(", ")})` : ""}`);

      // Every setting from a ConfigMap or a Secret, never a literal in the Deployment.
      for (const e of asArray(c.env)) {
        if (e.value !== undefined || e.valueFrom == null) report.fail(r, subject, `env ${e.name} is a literal value in the Deployment: put it in a ConfigMap or a Secret`);
      }
      C(asArray(c.env).every((e) => e.valueFrom != null && e.value === undefined), subject, "sets no literal env value");
      for (const src of asArray(c.envFrom)) {
        if (src.configMapRef) C(ctx.named("ConfigMap", src.configMapRef.name) != null, subject, `envFrom ConfigMap ${src.configMapRef.name} is rendered`);
        if (src.secretRef) secretRef(subject, src.secretRef.name, null, "envFrom");
      }
      for (const e of asArray(c.env)) {
        const vf = e.valueFrom ?? {};
        if (vf.configMapKeyRef) {
          const cm = ctx.named("ConfigMap", vf.configMapKeyRef.name);
          C(cm?.data?.[vf.configMapKeyRef.key] != null, subject, `env ${e.name}: ConfigMap ${vf.configMapKeyRef.name} has key ${vf.configMapKeyRef.key}`);
        }
        if (vf.secretKeyRef) {
          secretRef(subject, vf.secretKeyRef.name, vf.secretKeyRef.key, `env ${e.name}`);
          C(vf.secretKeyRef.optional !== true, subject, `env ${e.name} from a Secret is not optional`);
        }
      }

      // Every variable application.properties reads is provided (or knowingly left to its default),
      // but for what the pod's role does not read (WEB_ONLY_ENV on a worker).
      const role = roleOf(values);
      const notRead = (n) => role === "worker" && WEB_ONLY_ENV[n] != null;
      for (const [name, info] of props.env) {
        if (env.has(name) || notRead(name)) continue;
        const optional = OPTIONAL_ENV[name];
        if (optional) {
          C(optional.reason && info.hasDefault, subject, `${name} is left to its default ${info.default} (${optional.reason})`);
        } else {
          report.fail(r, subject, `${name} (read by ${info.properties.join(", ")}) comes from no ConfigMap or Secret`
            + (info.hasDefault ? ` (its default "${info.default}" serves the local stack)` : " and has no default"));
        }
      }
      C([...props.env.keys()].every((n) => env.has(n) || OPTIONAL_ENV[n] || notRead(n)), subject, `provides every variable application.properties reads that a ${role} pod reads`);
      // A Secret reaches only the role that reads it.
      for (const [name, w] of Object.entries(WEB_ONLY_ENV)) {
        if (!w.secret || role !== "worker") continue;
        const e = env.get(name);
        C(!e?.secret, subject, `${name} reaches no worker pod${e?.secret ? ` (it comes from ${e.from}): only the API reads it, ${w.reason}` : ""}`);
      }
      // ...and nothing that nobody reads (a misspelt name would silently be ignored).
      for (const [name, e] of env) {
        const known = props.env.has(name) || QUARKUS_ENV[name] || PENDING_ENV[name];
        C(known, subject, `${name} (from ${e.from}) is a variable the service reads${known ? "" : ": neither application.properties nor the check's lists know it (misspelt?)"}`);
        if (PENDING_ENV[name] && !serviceReads(props, name)) {
          report.notes.add(`${name} is set but application.properties does not read it yet: it should map to ${PENDING_ENV[name]}`);
        }
        const q = QUARKUS_ENV[name];
        if (q?.buildTime && props.prod.get(q.property) !== e.value) {
          report.notes.add(`${name}=${e.value} has no effect at run time: ${q.property} is fixed at build time, application.properties must set ${q.property}=${e.value}`);
        }
      }

      // Image: each overlay names a registry and a version.
      if (options.overlay) {
        C(/^[^/]+\.[^/]+\/.+(:[^:/]+|@sha256:[0-9a-f]{64})$/.test(c.image ?? "") && !/:latest$/.test(c.image ?? ""), subject,
          `image ${c.image} names a registry and a tag or digest (not latest)`);
      }

      // Probes on the Quarkus health endpoints, on the port that serves them: the HTTP port, or the
      // management interface's once application.properties enables it (a build-time setting).
      const httpPort = Number(resolveProperty(props, "quarkus.http.port", values));
      const port = asArray(c.ports).find((p) => p.name === "http");
      C(port?.containerPort === httpPort, subject, `container port http is ${port?.containerPort}, quarkus.http.port is ${httpPort}`);
      const management = props.prod.get("quarkus.management.enabled") === "true";
      const healthPort = management ? Number(resolveProperty(props, "quarkus.management.port", values) ?? 9000) : httpPort;
      for (const [probe, wanted] of Object.entries(PROBE_PATHS)) {
        const g = c[probe]?.httpGet;
        C(g?.path === wanted, subject, `${probe} on ${wanted} (found ${g?.path ?? "none"})`);
        const probePort = typeof g?.port === "string" ? asArray(c.ports).find((p) => p.name === g.port)?.containerPort : g?.port;
        C(probePort === healthPort, subject, `${probe} port ${g?.port ?? "none"} is the ${management ? "management" : "HTTP"} port ${healthPort}`);
      }

      // Security: non-root, no privilege escalation, no capabilities, seccomp, read-only root.
      const psc = pod.securityContext ?? {};
      const sc = c.securityContext ?? {};
      C((sc.runAsNonRoot ?? psc.runAsNonRoot) === true, subject, "runAsNonRoot");
      const uid = sc.runAsUser ?? psc.runAsUser;
      C(Number.isInteger(uid) && uid > 0, subject, `runs as a non-zero uid (${uid})`);
      C(sc.allowPrivilegeEscalation === false, subject, "allowPrivilegeEscalation false");
      C(asArray(sc.capabilities?.drop).includes("ALL") && asArray(sc.capabilities?.add).length === 0, subject, "drops ALL capabilities, adds none");
      C((sc.seccompProfile ?? psc.seccompProfile)?.type === "RuntimeDefault", subject, "seccomp RuntimeDefault");
      C(sc.readOnlyRootFilesystem === true, subject, "readOnlyRootFilesystem");
      const tmp = asArray(c.volumeMounts).find((m) => m.mountPath === "/tmp");
      C(tmp && asArray(pod.volumes).find((v) => v.name === tmp.name)?.emptyDir != null, subject, "/tmp is an emptyDir (the only writable path)");
      C(pod.automountServiceAccountToken === false, subject, "automountServiceAccountToken false");
      C(pod.enableServiceLinks === false, subject, "enableServiceLinks false (no USHER_*_PORT variables from Services named usher-*)");

      // Resources: requests and limits for CPU and memory, requests within limits.
      for (const res of ["cpu", "memory"]) {
        const req = c.resources?.requests?.[res];
        const lim = c.resources?.limits?.[res];
        C(req != null && lim != null && parseQuantity(req) <= parseQuantity(lim), subject, `${res} request ${req} within limit ${lim}`);
      }

      // Heap: an explicit -Xmx, a share of the memory limit, and room for an API pod's streams and
      // an upload at once.
      const xmx = asArray(c.args).filter((a) => /^-Xmx/.test(String(a)));
      const limitBytes = parseQuantity(c.resources?.limits?.memory);
      const heap = xmx.length ? parseBytes(String(xmx.at(-1)).slice(4)) : NaN;
      const mib = (b) => Math.round(b / 1024 ** 2);
      C(c.command == null && xmx.length === 1 && Number.isFinite(heap), subject,
        `sets its heap with one -Xmx in args, appended to the image's ENTRYPOINT (found ${xmx.join(" ") || "none"}${c.command ? ", and a command that replaces the ENTRYPOINT" : ""})`);
      if (Number.isFinite(heap) && Number.isFinite(limitBytes)) {
        C(heap <= HEAP_MAX_SHARE * limitBytes && heap >= HEAP_MIN_SHARE * limitBytes, subject,
          `-Xmx ${mib(heap)} MiB is between ${HEAP_MIN_SHARE * 100} % and ${HEAP_MAX_SHARE * 100} % of the memory limit ${c.resources.limits.memory} (${mib(heap)} / ${mib(limitBytes)} MiB = ${Math.round((100 * heap) / limitBytes)} %)`);
        if (role === "api") {
          const streams = Number(resolveProperty(props, "usher.invitations.max-streams", values));
          const need = streams * HEAP_PER_STREAM_BYTES + UPLOAD_PEAK_HEAP_BYTES;
          C(Number.isFinite(need) && heap >= need, subject,
            `-Xmx ${mib(heap)} MiB holds ${streams} event streams at 45 KiB and a 1,000,000-line upload's 269 MiB at once (${mib(need)} MiB)`);
        }
      }

      // A stalled upload gets Usher's 408 problem before HTTP's read timeout closes the connection.
      const stall = parseDurationSeconds(resolveProperty(props, "usher.invitations.body-stall-timeout", values));
      const readTimeout = parseDurationSeconds(resolveProperty(props, "quarkus.http.read-timeout", values) ?? "60s");
      C(Number.isFinite(stall) && stall > 0 && stall < readTimeout, subject,
        `body stall timeout ${stall} s < quarkus.http.read-timeout ${readTimeout} s (the 408 problem before the connection is closed)`);

      // Shutdown: the kubelet waits longer than the service's delay plus timeout.
      const delay = parseDurationSeconds(values.get("QUARKUS_SHUTDOWN_DELAY") ?? props.prod.get("quarkus.shutdown.delay") ?? "0");
      const timeout = parseDurationSeconds(values.get("QUARKUS_SHUTDOWN_TIMEOUT") ?? props.prod.get("quarkus.shutdown.timeout"));
      const delayOn = (values.get("QUARKUS_SHUTDOWN_DELAY_ENABLED") ?? props.prod.get("quarkus.shutdown.delay-enabled")) === "true";
      const needed = (delayOn ? delay : 0) + timeout;
      C(Number.isFinite(needed) && pod.terminationGracePeriodSeconds > needed, subject,
        `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} > shutdown delay ${delayOn ? delay : 0} s + timeout ${timeout} s`);

      // Rollouts never lower capacity; pods spread over nodes.
      const ru = d.spec?.strategy?.rollingUpdate;
      C(d.spec?.strategy?.type === "RollingUpdate" && ru?.maxUnavailable === 0 && Number(ru?.maxSurge) >= 1, subject, "rolling update with maxUnavailable 0 and a surge");
      const spread = asArray(pod.topologySpreadConstraints).some((t) => t.topologyKey === "kubernetes.io/hostname" && labelsMatch(t.labelSelector?.matchLabels, d.spec.template.metadata?.labels))
        || asArray(pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).some((t) => t.topologyKey === "kubernetes.io/hostname")
        || asArray(pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).some((t) => t.podAffinityTerm?.topologyKey === "kubernetes.io/hostname");
      C(spread, subject, "pods spread over nodes (topologySpreadConstraints or pod anti-affinity on kubernetes.io/hostname, matching its own pods)");
      C(d.spec?.selector?.matchLabels && labelsMatch(d.spec.selector.matchLabels, d.spec.template?.metadata?.labels), subject, "selector matches its pod template");

      // Secret volumes: documented Secrets and keys.
      for (const v of asArray(pod.volumes).filter((v) => v.secret)) {
        secretRef(subject, v.secret.secretName, null, `volume ${v.name}`);
        for (const it of asArray(v.secret.items)) secretRef(subject, v.secret.secretName, it.key, `volume ${v.name}`);
      }
    });
  }
  const podLabels = (d) => d.spec?.template?.metadata?.labels ?? {};
  const usherDeployments = deployments.filter((d) => podLabels(d)["app.kubernetes.io/name"] === "usher");

  // --- Scaling: the API by CPU (HPA), the workers by the PostgreSQL backlog (KEDA), never both ---
  const scaledBy = new Map(); // deployment -> [what]
  const maxReplicas = new Map();
  for (const h of hpas) {
    const subject = ref(h);
    guard(subject, () => {
      const t = h.spec.scaleTargetRef;
      const d = t?.kind === "Deployment" ? ctx.named("Deployment", t.name) : undefined;
      if (!C(d != null, subject, `scales a rendered Deployment (${t?.kind}/${t?.name})`)) return;
      scaledBy.set(t.name, [...(scaledBy.get(t.name) ?? []), subject]);
      maxReplicas.set(t.name, h.spec.maxReplicas);
      C(h.spec.minReplicas >= 2, subject, `minReplicas ${h.spec.minReplicas} >= 2`);
      const cpu = asArray(h.spec.metrics).find((m) => m.type === "Resource" && m.resource?.name === "cpu");
      C(cpu != null, subject, "scales on CPU");
      C(d.spec.template.spec.containers.every((c) => c.resources?.requests?.cpu != null), subject, "its pods request CPU (utilization is measured against it)");
      C(deploymentEnv.get(t.name)?.values.get("USHER_WORKERS_ENABLED") === "false", subject, `${t.name} consumes no invitation requests (USHER_WORKERS_ENABLED=false)`);
    });
  }
  for (const so of scaledObjects) {
    const subject = ref(so);
    guard(subject, () => {
      const t = so.spec.scaleTargetRef ?? {};
      const d = (t.kind ?? "Deployment") === "Deployment" ? ctx.named("Deployment", t.name) : undefined;
      if (!C(d != null, subject, `scales a rendered Deployment (${t.name})`)) return;
      scaledBy.set(t.name, [...(scaledBy.get(t.name) ?? []), subject]);
      maxReplicas.set(t.name, so.spec.maxReplicaCount ?? 100);
      const de = deploymentEnv.get(t.name);
      C((so.spec.minReplicaCount ?? 0) >= 1, subject, `minReplicaCount ${so.spec.minReplicaCount ?? 0} >= 1 (the relay and the lease sweeper run on the workers)`);
      C(de?.values.get("USHER_WORKERS_ENABLED") !== "false", subject, `${t.name} consumes invitation requests (USHER_WORKERS_ENABLED is not false)`);
      // The backlog in PostgreSQL: Kafka's lag stays near zero while addresses wait in the inbox.
      const triggers = asArray(so.spec.triggers);
      const backlogTriggers = triggers.filter((trig) => trig.type === "postgresql");
      C(backlogTriggers.length === 1, subject, `one postgresql trigger on the invitation backlog (found ${backlogTriggers.length}): the workers commit Kafka offsets as they store records, so the backlog waits in PostgreSQL`);
      for (const trig of triggers) {
        if (trig.type === "postgresql") checkBacklogTrigger(so, trig, de);
        else if (trig.type === "kafka") checkKafkaTrigger(so, trig, de, t.name);
        else report.fail(r, subject, `trigger ${trig.type} is postgresql (the backlog) or kafka (the inbox writers' lag)`);
      }
    });
  }

  /** KEDA's postgresql trigger: the backlog query, its cap, the connection and the login. */
  function checkBacklogTrigger(so, trig, de) {
    const subject = ref(so);
    const m = trig.metadata ?? {};
    const sql = String(m.query ?? "").replace(/\s+/g, " ").trim();
    const target = Number(m.targetQueryValue);
    C(Number.isFinite(target) && target > 0, subject, `targetQueryValue ${m.targetQueryValue} is a number of addresses above 0`);
    C((trig.metricType ?? "AverageValue") === "AverageValue", subject, `metricType ${trig.metricType ?? "AverageValue"} is AverageValue (a worker per targetQueryValue addresses)`);
    // What the query counts: the addresses of unfinished batches that are not decided yet.
    C(new RegExp(`\\b${BACKLOG_TABLE}\\b`, "i").test(sql), subject, `the backlog query names the table ${BACKLOG_TABLE} (${sql || "no query"})`);
    const statuses = /\bstatus\s+IN\s*\(([^)]*)\)/i.exec(sql)?.[1]?.split(",").map((x) => x.trim().replace(/^'|'$/g, "")).sort() ?? [];
    C(JSON.stringify(statuses) === JSON.stringify([...BACKLOG_STATUSES].sort()), subject,
      `the backlog query counts ${BACKLOG_STATUSES.join(" and ")} batches only (status IN (${statuses.join(", ") || "none"}))`);
    const columns = tableColumns(BACKLOG_TABLE);
    if (C(columns != null && columns.has("total"), subject, `the migrations give ${BACKLOG_TABLE} a column total (${path.relative(REPO_DIR, MIGRATIONS_DIR)})`)) {
      const counts = [...columns].filter((c) => c.startsWith("count_")).sort();
      const used = (c) => new RegExp(`\\b${c}\\b`, "i").test(sql);
      const missing = counts.filter((c) => !used(c));
      // processed, where the migrations define it, is PostgreSQL's own sum of the counts.
      const viaProcessed = columns.has("processed") && /\btotal\s*-\s*processed\b/i.test(sql);
      C(/\btotal\b/i.test(sql) && counts.length > 0 && (missing.length === 0 || viaProcessed), subject,
        `the backlog query subtracts every decided count of ${BACKLOG_TABLE} (${counts.join(", ")}) from total${missing.length && !viaProcessed ? `; missing: ${missing.join(", ")}` : ""}`);
    }
    // The cap: no more workers than the accounts with work can keep busy.
    const appliers = Number(resolveProperty(props, "usher.invitations.appliers", de?.values));
    const cap = /ceil\s*\(\s*count\s*\(\s*DISTINCT\s+account_id\s*\)\s*(?:::\s*\w+\s*)?\/\s*(\d+(?:\.\d+)?)\s*\)\s*\*\s*(\d+(?:\.\d+)?)/i.exec(sql);
    const capText = `caps the backlog at ceil(accounts with work / USHER_INVITATION_APPLIERS ${appliers}) x targetQueryValue ${m.targetQueryValue}, so that no worker is added that would find no account to claim`;
    const capped = cap != null && /\bleast\s*\(/i.test(sql);
    if (C(capped, subject, `${capText}${capped ? "" : " (found no least(..., ceil(count(DISTINCT account_id) / n) * t))"}`)) {
      C(Number(cap[1]) === appliers && Number(cap[2]) === target, subject, `${capText} (found / ${cap[1]} and * ${cap[2]})`);
    }
    // Where: CloudNativePG's read-write Service, by a name KEDA's own namespace resolves.
    const pg = pgClusters[0];
    const rw = pg ? `${pg.metadata.name}-rw` : (de?.values.get("USHER_DB_HOST") ?? "").split(".")[0];
    const ns = so.metadata?.namespace;
    const hostOk = ns
      ? [`${rw}.${ns}.svc`, `${rw}.${ns}.svc.cluster.local`].includes(m.host)
      : new RegExp(`^${rw}\\.[a-z0-9-]+\\.svc(\\.cluster\\.local)?$`).test(m.host ?? "");
    C(hostOk, subject, `host ${m.host} is the read-write Service ${rw}${ns ? ` in ${ns}` : ""} by a name with its namespace (KEDA queries from its own namespace)`);
    const port = de?.values.get("USHER_DB_PORT") ?? appDefaults.get("USHER_DB_PORT");
    C(String(m.port) === String(port), subject, `port ${m.port} is the service's USHER_DB_PORT ${port}`);
    const dbName = resolveProperty(props, "quarkus.datasource.reactive.url", de?.values)?.split("/").pop();
    const initdb = pg?.spec?.bootstrap?.initdb ?? {};
    C(m.dbName === dbName && (!pg || m.dbName === initdb.database), subject, `dbName ${m.dbName} is the service's database ${dbName}${pg ? ` and the cluster's ${initdb.database}` : ""}`);
    C(ENCRYPTING_SSLMODES.includes(m.sslmode), subject, `sslmode ${m.sslmode} is ${ENCRYPTING_SSLMODES.slice(0, -1).join(", ")} or ${ENCRYPTING_SSLMODES.at(-1)} (the login crosses namespaces)`);
    C(m.connection == null && m.connectionFromEnv == null && m.userName == null && m.password == null && m.passwordFromEnv == null, subject,
      "connects by host, port, dbName and sslmode, with user and password from its TriggerAuthentication only");
    // Who: the application user CloudNativePG made, as the pods log in.
    const ta = trig.authenticationRef && ctx.named(trig.authenticationRef.kind ?? "TriggerAuthentication", trig.authenticationRef.name);
    if (!C(ta != null, subject, `authenticationRef ${trig.authenticationRef?.name} is rendered`)) return;
    const params = triggerParams(ta);
    const dbSecret = pg ? (pg.spec?.bootstrap?.initdb?.secret?.name ?? `${pg.metadata.name}-app`) : undefined;
    for (const [parameter, key] of [["userName", "username"], ["password", "password"]]) {
      const p = params.get(parameter);
      C(p?.secret != null && p.secret === dbSecret && p.key === key, ref(ta), `${parameter} from Secret ${dbSecret}, key ${key}, as the pods log in (found ${p ? (p.secret ? `Secret ${p.secret}, key ${p.key}` : "a ConfigMap") : "nothing"})`);
    }
  }

  /** A Kafka lag trigger, if one is kept: the inbox writers' group on the requests topic. */
  function checkKafkaTrigger(so, trig, de, target) {
    const subject = ref(so);
    const m = trig.metadata ?? {};
    const topicName = resolveProperty(props, "usher.invitations.requests-topic", de?.values);
    if (!C(m.topic === topicName, subject, `trigger topic ${m.topic} is the service's requests topic ${topicName}`)) return;
    C(m.consumerGroup === workersGroup, subject, `trigger group ${m.consumerGroup} is the inbox writers' group.id ${workersGroup}`);
    const reset = props.prod.get("mp.messaging.incoming.invitation-requests.auto.offset.reset") ?? "latest";
    C((m.offsetResetPolicy ?? "latest") === reset, subject, `offsetResetPolicy ${m.offsetResetPolicy ?? "latest"} is the consumer's auto.offset.reset ${reset}`);
    if (m.bootstrapServersFromEnv) C(de?.env.has(m.bootstrapServersFromEnv), subject, `bootstrapServersFromEnv ${m.bootstrapServersFromEnv} is set in ${target}`);
    else C(m.bootstrapServers === de?.values.get("KAFKA_BOOTSTRAP_SERVERS"), subject, "bootstrapServers are the service's KAFKA_BOOTSTRAP_SERVERS");
    // A lag trigger adds consumers, and a consumer beyond the partition count sits idle.
    const topic = topicByName(m.topic);
    if (C(topic != null, subject, `trigger topic ${m.topic} is a rendered KafkaTopic`)) {
      C(Number.isInteger(topic.spec?.partitions) && topic.spec.partitions >= so.spec.maxReplicaCount, subject,
        `maxReplicaCount ${so.spec.maxReplicaCount} <= partitions of ${m.topic} (${topic.spec?.partitions}): a Kafka trigger adds consumers, and one beyond the partitions sits idle`);
    }
    const protocol = de?.values.get("KAFKA_SECURITY_PROTOCOL");
    if (protocol?.startsWith("SASL_")) {
      const mech = (de.values.get("KAFKA_SASL_MECHANISM") ?? "").toLowerCase().replace(/-/g, "_").replace("scram_sha_", "scram_sha");
      C(m.sasl === mech, subject, `trigger sasl ${m.sasl} matches KAFKA_SASL_MECHANISM ${de.values.get("KAFKA_SASL_MECHANISM")}`);
    }
    if (protocol?.endsWith("SSL")) C(m.tls === "enable", subject, "trigger tls enable, as the service's SASL_SSL");
    const ta = trig.authenticationRef && ctx.named(trig.authenticationRef.kind ?? "TriggerAuthentication", trig.authenticationRef.name);
    if (!C(ta != null, subject, `authenticationRef ${trig.authenticationRef?.name} is rendered`)) return;
    const params = triggerParams(ta);
    if (m.sasl && m.sasl !== "none") {
      const user = kafkaUsers[0]?.metadata?.name;
      C(params.get("username")?.value === user, ref(ta), `username ${params.get("username")?.value} is the KafkaUser ${user}`);
      C(params.get("password")?.secret === user && params.get("password")?.key === "password", ref(ta), `password from Secret ${user} (the KafkaUser's), key password`);
    }
    if (m.tls === "enable") C(params.get("ca")?.secret === `${kafkaCluster}-cluster-ca-cert`, ref(ta), `ca from ${kafkaCluster}-cluster-ca-cert`);
  }

  /** A TriggerAuthentication's parameters: Secrets (documented ones) and ConfigMap values. */
  function triggerParams(ta) {
    const params = new Map();
    for (const s of asArray(ta.spec?.secretTargetRef)) {
      secretRef(ref(ta), s.name, s.key, `parameter ${s.parameter}`);
      params.set(s.parameter, { secret: s.name, key: s.key });
    }
    for (const s of asArray(ta.spec?.configMapTargetRef)) {
      const v = ctx.named("ConfigMap", s.name)?.data?.[s.key];
      C(v != null, ref(ta), `parameter ${s.parameter}: ConfigMap ${s.name} has key ${s.key}`);
      params.set(s.parameter, { value: v });
    }
    return params;
  }

  /** Ports each group of pods must be allowed, from the settings, against what the policies allow. */
  function checkNetworkPolicies() {
    const policies = ctx.byKind("NetworkPolicy");
    if (!usherDeployments.length) return;
    const deny = policies.find((np) => Object.keys(np.spec?.podSelector ?? {}).length === 0 && np.spec?.podSelector?.matchLabels == null
      && ["Ingress", "Egress"].every((t) => asArray(np.spec?.policyTypes).includes(t)) && !np.spec?.ingress && !np.spec?.egress);
    C(deny != null, "NetworkPolicy", "a default-deny policy (every pod, Ingress and Egress, no rule)");
    const groups = { api: { labels: podLabels(usherDeployments.find((d) => d.metadata.name === "usher-api") ?? usherDeployments[0]) },
      worker: { labels: podLabels(usherDeployments.find((d) => d.metadata.name === "usher-worker") ?? usherDeployments[0]) },
      db: { labels: pgClusters[0] ? { "cnpg.io/cluster": pgClusters[0].metadata.name, "cnpg.io/podRole": "instance" } : null } };
    const allowed = new Map(); // group -> Set of "ingress|egress:port/proto"
    for (const np of policies) {
      guard(ref(np), () => {
        for (const dir of ["ingress", "egress"]) {
          for (const rule of asArray(np.spec?.[dir])) {
            const peers = asArray(dir === "ingress" ? rule.from : rule.to);
            C(peers.length > 0, ref(np), `every ${dir} rule names its peers (an empty one allows every address)`);
            C(asArray(rule.ports).length > 0, ref(np), `every ${dir} rule names its ports (one without allows every port)`);
            for (const [g, { labels }] of Object.entries(groups)) {
              if (!labels || !labelsMatch(np.spec?.podSelector?.matchLabels, labels)) continue;
              const set = allowed.get(g) ?? new Set();
              for (const p of asArray(rule.ports)) set.add(`${dir}:${p.port}/${p.protocol ?? "TCP"}`);
              allowed.set(g, set);
            }
            if (dir === "egress") for (const peer of peers) {
              const cluster = peer.podSelector?.matchLabels?.["strimzi.io/cluster"];
              if (cluster) C(cluster === kafkaCluster, ref(np), `Kafka egress goes to the brokers of ${kafkaCluster} (strimzi.io/cluster ${cluster})`);
            }
          }
        }
      });
    }
    const portOf = (url, fallback) => { try { const u = new URL(url); return Number(u.port || (u.protocol === "https:" ? 443 : 80)); } catch { return fallback; } };
    const needed = { api: new Set(), worker: new Set(), db: new Set() };
    for (const d of usherDeployments) {
      const v = deploymentEnv.get(d.metadata.name)?.values ?? new Map();
      const g = d.metadata.name === "usher-api" ? "api" : "worker";
      const mgmt = Number(resolveProperty(props, "quarkus.management.port", v) ?? 9000);
      needed[g].add(`ingress:${mgmt}/TCP`);
      if (g === "api") needed[g].add(`ingress:${Number(resolveProperty(props, "quarkus.http.port", v))}/TCP`);
      const egress = [53, Number(v.get("USHER_DB_PORT") ?? appDefaults.get("USHER_DB_PORT")),
        ...(v.get("KAFKA_BOOTSTRAP_SERVERS") ?? "").split(",").map((b) => Number(b.split(":").pop())),
        Number(v.get("USHER_SMTP_PORT") ?? appDefaults.get("USHER_SMTP_PORT")), portOf(v.get("USHER_KEYCLOAK_URL")), portOf(v.get("USHER_OIDC_URL"))];
      const otlp = v.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT") ?? v.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
      if (otlp) egress.push(portOf(otlp));
      for (const port of egress) needed[g].add(`egress:${port}/TCP`);
      needed[g].add("egress:53/UDP");
    }
    if (groups.db.labels) {
      for (const k of CNPG_INGRESS) needed.db.add(`ingress:${k}`);
      for (const k of CNPG_EGRESS) needed.db.add(`egress:${k}`);
    }
    for (const [g, want] of Object.entries(needed)) {
      if (!want.size) continue;
      const have = allowed.get(g) ?? new Set();
      const missing = [...want].filter((k) => !have.has(k));
      const extra = [...have].filter((k) => !want.has(k));
      C(missing.length === 0, "NetworkPolicy", `the ${g} pods are allowed every port they use (${[...want].sort().join(", ")})${missing.length ? `; missing: ${missing.join(", ")}` : ""}`);
      C(extra.length === 0, "NetworkPolicy", `the ${g} pods are allowed no port they do not use${extra.length ? `; extra: ${extra.join(", ")}` : ""}`);
    }
  }

  for (const d of usherDeployments) {
    const by = scaledBy.get(d.metadata.name) ?? [];
    C(by.length === 1, ref(d), `scaled by exactly one autoscaler (${by.join(", ") || "none"}): an HPA and a ScaledObject cannot share a Deployment`);
    C(by.length === 0 || d.spec.replicas === undefined, ref(d), "no replicas field (its autoscaler owns the count)");
  }

  // --- PostgreSQL (CloudNativePG) ----------------------------------------------------------------
  if (pgClusters.length) {
    const pg = pgClusters[0];
    const subject = ref(pg);
    guard(subject, () => {
      C(pgClusters.length === 1, subject, "one PostgreSQL cluster");
      C(pg.spec.instances >= 3, subject, `${pg.spec.instances} instances (a primary and two replicas on three nodes)`);
      const initdb = pg.spec.bootstrap?.initdb ?? {};
      const dbSecret = initdb.secret?.name ?? `${pg.metadata.name}-app`;
      let connections = 0;
      const parts = [];
      for (const d of usherDeployments) {
        const de = deploymentEnv.get(d.metadata.name);
        const host = de?.values.get("USHER_DB_HOST") ?? appDefaults.get("USHER_DB_HOST");
        C(host === `${pg.metadata.name}-rw` || host?.startsWith(`${pg.metadata.name}-rw.`), ref(d), `USHER_DB_HOST ${host} is the cluster's read-write Service ${pg.metadata.name}-rw`);
        const dbName = resolveProperty(props, "quarkus.datasource.reactive.url", de?.values)?.split("/").pop();
        C(dbName === initdb.database, ref(d), `database ${dbName} is the cluster's bootstrap database ${initdb.database}`);
        for (const [v, key] of [["USHER_DB_USER", "username"], ["USHER_DB_PASSWORD", "password"]]) {
          const e = de?.env.get(v);
          C(e?.secretRef?.name === dbSecret && e.secretRef.key === key, ref(d), `${v} from Secret ${dbSecret}, key ${key} (found ${e?.from ?? "nothing"})`);
        }
        // TLS, verified: the CA of the cluster mounted read-only, the server's name checked, both
        // drivers (the reactive pool and Flyway's JDBC URL) told so; Reloader rolls the pods when
        // the operator renews the CA.
        const mode = resolveProperty(props, "quarkus.datasource.reactive.postgresql.ssl-mode", de?.values);
        const jdbcUrl = resolveProperty(props, "quarkus.datasource.jdbc.url", de?.values) ?? "";
        const hostCheck = resolveProperty(props, "quarkus.datasource.reactive.hostname-verification-algorithm", de?.values);
        C(mode === "verify-full" && /[?&]sslmode=verify-full(&|$)/.test(jdbcUrl) && hostCheck === "HTTPS", ref(d),
          `PostgreSQL over TLS with sslmode ${mode} is verify-full for the pool and for Flyway (${jdbcUrl.split("?")[1] ?? "no JDBC parameters"}), the server's name checked (hostname verification ${hostCheck} is HTTPS)`);
        const caFile = resolveProperty(props, "quarkus.datasource.reactive.trust-certificate-pem.certs", de?.values) ?? "";
        const caSecret = `${pg.metadata.name}-ca`;
        const caMount = asArray(de?.container.volumeMounts).find((m) => caFile.startsWith(m.mountPath.replace(/\/?$/, "/")));
        const caVol = caMount && asArray(de.pod.volumes).find((v) => v.name === caMount.name);
        const caPath = caMount ? caFile.slice(caMount.mountPath.replace(/\/?$/, "/").length) : undefined;
        const caKey = caVol?.secret?.items ? asArray(caVol.secret.items).find((i) => i.path === caPath)?.key : caPath;
        C(caVol?.secret?.secretName === caSecret && caKey === "ca.crt" && caMount.readOnly === true && new RegExp(`[?&]sslrootcert=${caFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(&|$)`).test(jdbcUrl), ref(d),
          `the database CA ${caFile || "(none)"} is ca.crt of Secret ${caSecret}, mounted read-only, for the pool and Flyway`);
        const reload = String(d.metadata?.annotations?.["secret.reloader.stakater.com/reload"] ?? "").split(",").map((x) => x.trim());
        C(reload.includes(caSecret), ref(d), `Reloader rolls the pods when ${caSecret} is renewed (secret.reloader.stakater.com/reload: ${reload.join(",") || "none"})`);
        const pool = Number(resolveProperty(props, "quarkus.datasource.reactive.max-size", de?.values));
        const jdbc = Number(props.prod.get("quarkus.datasource.jdbc.max-size") ?? 20);
        const surge = Number(d.spec.strategy?.rollingUpdate?.maxSurge ?? 1);
        const pods = (maxReplicas.get(d.metadata.name) ?? d.spec.replicas ?? 1) + surge;
        connections += pods * (pool + jdbc);
        parts.push(`${d.metadata.name} ${pods} x (${pool} + ${jdbc})`);
      }
      const params = pg.spec.postgresql?.parameters ?? {};
      const max = Number(params.max_connections ?? 100);
      const reserved = Number(params.superuser_reserved_connections ?? 3);
      C(connections + reserved + DB_CONNECTION_MARGIN <= max, subject,
        `max_connections ${max} >= ${parts.join(" + ")} = ${connections}, + ${reserved} reserved + ${DB_CONNECTION_MARGIN} spare`);
    });
  }

  // --- Kafka (Strimzi) ---------------------------------------------------------------------------
  if (topics.length || kafkaUsers.length) {
    guard("Kafka", () => {
      const labelled = [...topics, ...kafkaUsers];
      C(kafkaCluster != null && labelled.every((o) => o.metadata?.labels?.["strimzi.io/cluster"] === kafkaCluster), "Kafka",
        `every KafkaTopic and KafkaUser names one cluster in strimzi.io/cluster (${[...new Set(labelled.map((o) => o.metadata?.labels?.["strimzi.io/cluster"]))].join(", ")})`);
      for (const [role, name] of Object.entries(defaultTopics)) {
        C(topicByName(name) != null, "Kafka", `the ${role} topic of application.properties, ${name}, is a KafkaTopic`);
      }
      for (const t of topics) {
        const s = t.spec ?? {};
        const name = s.topicName ?? t.metadata.name;
        C(Object.values(defaultTopics).includes(name), ref(t), `topic ${name} is one application.properties names`);
        const isr = Number(s.config?.["min.insync.replicas"]);
        C(s.replicas >= 3 && isr >= 2 && isr < s.replicas, ref(t), `replicas ${s.replicas}, min.insync.replicas ${isr}: writes survive one broker down`);
        C(Number(s.config?.["retention.ms"]) > 0, ref(t), `retention.ms ${s.config?.["retention.ms"]} is set`);
      }
      C(Number(topicByName(defaultTopics.requests)?.spec?.config?.["retention.ms"]) >= 7 * 86400e3, "Kafka", "invitation requests are kept at least 7 days");
      for (const d of usherDeployments) {
        const de = deploymentEnv.get(d.metadata.name);
        for (const [role, key] of [["requests", "usher.invitations.requests-topic"], ["outcomes", "usher.invitations.outcomes-topic"], ["deadLetters", "usher.invitations.dead-letter-topic"]]) {
          const effective = resolveProperty(props, key, de?.values);
          C(effective === defaultTopics[role], ref(d), `${key} is ${effective}, the KafkaTopic ${defaultTopics[role]}`);
        }
        const bootstrap = (de?.values.get("KAFKA_BOOTSTRAP_SERVERS") ?? "").split(",");
        C(bootstrap.every((b) => b.startsWith(`${kafkaCluster}-kafka-bootstrap`)), ref(d), `KAFKA_BOOTSTRAP_SERVERS ${bootstrap.join(",")} is the bootstrap Service of ${kafkaCluster}`);
        const jaas = de?.env.get("KAFKA_SASL_JAAS_CONFIG")?.secretRef;
        const user = kafkaUsers[0];
        C(jaas?.name === user?.metadata?.name && jaas?.key === "sasl.jaas.config", ref(d), `KAFKA_SASL_JAAS_CONFIG from the KafkaUser's Secret ${user?.metadata?.name}, key sasl.jaas.config`);
        C((de?.values.get("KAFKA_SASL_MECHANISM") ?? "").toLowerCase() === user?.spec?.authentication?.type, ref(d), `KAFKA_SASL_MECHANISM ${de?.values.get("KAFKA_SASL_MECHANISM")} is the KafkaUser's ${user?.spec?.authentication?.type}`);
        C(de?.values.get("KAFKA_SECURITY_PROTOCOL") === "SASL_SSL", ref(d), "KAFKA_SECURITY_PROTOCOL SASL_SSL");
        // The truststore file is in a mounted Secret of the cluster's CA.
        const location = de?.values.get("KAFKA_SSL_TRUSTSTORE_LOCATION") ?? "";
        C(de?.values.get("KAFKA_SSL_TRUSTSTORE_TYPE") === "PEM", ref(d), "KAFKA_SSL_TRUSTSTORE_TYPE PEM (Strimzi's ca.crt)");
        const mount = asArray(de?.container.volumeMounts).find((m) => location.startsWith(m.mountPath.replace(/\/?$/, "/")));
        const vol = mount && asArray(de.pod.volumes).find((v) => v.name === mount.name);
        const file = mount ? location.slice(mount.mountPath.replace(/\/?$/, "/").length) : undefined;
        const key = vol?.secret?.items ? asArray(vol.secret.items).find((i) => i.path === file)?.key : file;
        C(vol?.secret?.secretName === `${kafkaCluster}-cluster-ca-cert` && key === "ca.crt" && mount.readOnly === true, ref(d),
          `KAFKA_SSL_TRUSTSTORE_LOCATION ${location} is ca.crt of Secret ${kafkaCluster}-cluster-ca-cert, mounted read-only`);
      }
      // ACLs: what the service does.
      const user = kafkaUsers[0];
      if (C(kafkaUsers.length === 1, "Kafka", "one KafkaUser")) {
        const acls = asArray(user.spec?.authorization?.acls);
        const allows = (type, name, op) => acls.some((a) => {
          const res = a.resource ?? {};
          const hit = res.type === type && (res.patternType === "prefix" ? name.startsWith(res.name) : res.name === name || res.name === "*");
          const ops = [...asArray(a.operations), ...asArray(a.operation)];
          return hit && (a.type ?? "allow") === "allow" && (ops.includes(op) || ops.includes("All"));
        });
        const needs = [
          ["topic", defaultTopics.requests, ["Write", "Read", "Describe"]],
          ["topic", defaultTopics.outcomes, ["Write", "Read", "Describe"]],
          ["topic", defaultTopics.deadLetters, ["Write", "Describe"]],
          ["group", workersGroup, ["Read", "Describe"]],
          ["group", `${outcomesGroupPrefix}<uuid>`, ["Read"]],
        ];
        for (const [type, name, ops] of needs) for (const op of ops) C(allows(type, name, op), ref(user), `ACLs allow ${op} on ${type} ${name}`);
        C(user.spec?.authentication?.type === "scram-sha-512", ref(user), "authenticates with SCRAM-SHA-512");
      }
    });
  }

  // --- Services, Ingress, ServiceMonitor, PodDisruptionBudgets ------------------------------------
  const selects = (selector, d) => labelsMatch(selector, podLabels(d));
  for (const s of ctx.byKind("Service")) {
    const subject = ref(s);
    guard(subject, () => {
      const picked = deployments.filter((d) => selects(s.spec?.selector, d));
      C(picked.length > 0, subject, `selector ${JSON.stringify(s.spec?.selector)} matches the pods of ${picked.map(ref).join(", ") || "no Deployment"}`);
      for (const p of asArray(s.spec?.ports)) {
        for (const d of picked) {
          const ok = d.spec.template.spec.containers.some((c) => asArray(c.ports).some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort));
          C(ok, subject, `targetPort ${p.targetPort} is a port of ${ref(d)}`);
        }
      }
    });
  }
  const api = ctx.byKind("Service").find((s) => s.metadata.name === "usher-api");
  if (api) {
    const picked = usherDeployments.filter((d) => selects(api.spec.selector, d));
    C(picked.length === 1 && picked[0].metadata.name === "usher-api", ref(api), `selects the API's pods only (${picked.map(ref).join(", ")})`);
  }
  for (const sm of ctx.byKind("ServiceMonitor")) {
    const subject = ref(sm);
    guard(subject, () => {
      const services = ctx.byKind("Service").filter((s) => labelsMatch(sm.spec.selector?.matchLabels, s.metadata.labels));
      C(services.length > 0, subject, `selects Services ${services.map(ref).join(", ") || "none"}`);
      const covered = usherDeployments.filter((d) => services.some((s) => selects(s.spec.selector, d)));
      C(covered.length === usherDeployments.length, subject, `scrapes the pods of every Deployment (${covered.map(ref).join(", ")} of ${usherDeployments.length})`);
      const scraped = services.flatMap((s) => usherDeployments.filter((d) => selects(s.spec.selector, d)));
      C(scraped.length === new Set(scraped).size, subject, "scrapes no pod twice (through two Services)");
      for (const ep of asArray(sm.spec.endpoints)) {
        C(ep.path === METRICS_PATH, subject, `endpoint path ${ep.path} is ${METRICS_PATH}`);
        C(services.every((s) => asArray(s.spec.ports).some((p) => p.name === ep.port)), subject, `endpoint port ${ep.port} is a port of the selected Services`);
      }
    });
  }
  for (const d of usherDeployments) {
    const pdbs = ctx.byKind("PodDisruptionBudget").filter((p) => selects(p.spec?.selector?.matchLabels, d));
    C(pdbs.length === 1, ref(d), `covered by one PodDisruptionBudget (${pdbs.map(ref).join(", ") || "none"})`);
  }
  for (const p of ctx.byKind("PodDisruptionBudget")) {
    const picked = deployments.filter((d) => selects(p.spec?.selector?.matchLabels, d));
    C(picked.length === 1, ref(p), `selector matches the pods of one Deployment (${picked.map(ref).join(", ") || "none"})`);
    C(p.spec?.maxUnavailable === 1, ref(p), `maxUnavailable ${p.spec?.maxUnavailable} is 1`);
    C(p.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow", ref(p),
      `unhealthyPodEvictionPolicy ${p.spec?.unhealthyPodEvictionPolicy ?? "unset"} is AlwaysAllow (an unready pod must not block a node's drain)`);
  }

  // --- Network policies: every port in use allowed, nothing else ----------------------------------
  checkNetworkPolicies();

  // --- Backups, namespace, alerts -------------------------------------------------------------------
  if (options.overlay) {
    for (const n of ctx.byKind("Namespace")) report.fail(r, ref(n), "a Namespace in the application's overlay: deleting the overlay would delete it, and the database's volumes with it (../namespaces/)");
    C(ctx.byKind("Namespace").length === 0, "manifests", "hold no Namespace (it lives in ../namespaces/)");
  }
  for (const pg of pgClusters) {
    const store = pg.spec?.backup?.barmanObjectStore;
    C(/^s3:\/\/|^gs:\/\/|^https:\/\//.test(store?.destinationPath ?? ""), ref(pg), `WAL archiving and backups to an object store (backup.barmanObjectStore.destinationPath ${store?.destinationPath ?? "none"})`);
    C(store?.wal != null && pg.spec?.backup?.retentionPolicy, ref(pg), "WAL settings and a retention policy");
    for (const c of Object.values(store?.s3Credentials ?? {})) if (c?.name) secretRef(ref(pg), c.name, c.key, "backup credentials");
    const scheduled = ctx.byKind("ScheduledBackup").filter((b) => b.spec?.cluster?.name === pg.metadata.name);
    C(scheduled.length > 0 && scheduled.every((b) => (b.spec.method ?? "barmanObjectStore") === "barmanObjectStore"), ref(pg), `a ScheduledBackup of the cluster to its object store (${scheduled.map(ref).join(", ") || "none"})`);
    C(asArray(pg.spec?.postgresql?.parameters && [1]).length >= 0 && ctx.byKind("PodMonitor").some((m) => m.spec?.selector?.matchLabels?.["cnpg.io/cluster"] === pg.metadata.name), ref(pg), "PostgreSQL is scraped (a PodMonitor of its instances)");
    C(/:\d+\.\d+/.test(pg.spec?.imageName ?? "") , ref(pg), `imageName ${pg.spec?.imageName} names a minor release, not a moving major tag`);
  }
  for (const pr of ctx.byKind("PrometheusRule")) {
    const names = asArray(pr.spec?.groups).flatMap((g) => asArray(g.rules)).map((x) => x.alert).filter(Boolean);
    for (const a of REQUIRED_ALERTS) C(names.includes(a), ref(pr), `alert ${a} is defined`);
    const problem = promtool(pr);
    C(problem == null, ref(pr), `promtool check rules passes${problem ? `: ${problem}` : ""}`);
  }
  if (usherDeployments.length) C(ctx.byKind("PrometheusRule").length > 0, "manifests", "the alerts (a PrometheusRule) are part of the tree");
  const apiEnv = deploymentEnv.get("usher-api")?.values ?? new Map();
  const publicUrl = apiEnv.get("USHER_PUBLIC_BASE_URL");
  const publicHost = publicUrl ? new URL(publicUrl).host : undefined;
  const ingresses = ctx.byKind("Ingress");
  const issuers = new Map(); // TLS Secret -> Ingresses asking cert-manager for it
  for (const ing of ingresses) {
    const subject = ref(ing);
    guard(subject, () => {
      const a = ing.metadata.annotations ?? {};
      const hosts = asArray(ing.spec.rules).map((rule) => rule.host);
      const tlsHosts = asArray(ing.spec.tls).flatMap((t) => asArray(t.hosts));
      C(hosts.length > 0 && hosts.every((h) => tlsHosts.includes(h)), subject, `TLS for every host (${hosts.join(", ")})`);
      for (const t of asArray(ing.spec.tls)) secretRef(subject, t.secretName, null, "tls");
      if (a["cert-manager.io/cluster-issuer"] || a["cert-manager.io/issuer"]) {
        for (const t of asArray(ing.spec.tls)) issuers.set(t.secretName, [...(issuers.get(t.secretName) ?? []), subject]);
      }
      // With request buffering off, nginx waits on the service between two writes of a body for
      // proxy-send-timeout: longer than the service's own stall rule, or nginx cuts a slow upload
      // before Usher answers it with a 408 problem that says why.
      const stall = parseDurationSeconds(resolveProperty(props, "usher.invitations.body-stall-timeout", apiEnv));
      const send = Number(a["nginx.ingress.kubernetes.io/proxy-send-timeout"] ?? NGINX_DEFAULT_SEND_TIMEOUT_S);
      C(Number.isFinite(stall) && send > stall, subject, `proxy-send-timeout ${send} s > the service's body stall timeout ${stall} s (Usher's 408 comes first)`);
      C(publicHost != null && hosts.every((h) => h === publicHost) && publicUrl.startsWith("https://"), subject,
        `host ${hosts.join(", ")} is the one of USHER_PUBLIC_BASE_URL ${publicUrl} (https)`);
      if (options.overlay) C(!hosts.includes(options.baseHost), subject, `host ${hosts.join(", ")} replaces the base's ${options.baseHost}`);
      for (const rule of asArray(ing.spec.rules)) {
        for (const p of asArray(rule.http?.paths)) {
          const svc = ctx.named("Service", p.backend?.service?.name);
          const port = p.backend?.service?.port ?? {};
          C(svc && asArray(svc.spec.ports).some((sp) => sp.name === port.name || sp.port === port.number), subject,
            `backend ${p.backend?.service?.name}:${port.name ?? port.number} is a rendered Service port`);
        }
      }
    });
  }
  // One cert-manager Certificate per TLS Secret: every TLS Secret is asked for by exactly one Ingress.
  for (const ing of ingresses) {
    for (const t of asArray(ing.spec?.tls)) {
      const by = issuers.get(t.secretName) ?? [];
      C(by.length === 1, ref(ing), `TLS Secret ${t.secretName} is asked of cert-manager by one Ingress (a cert-manager issuer annotation on ${by.join(", ") || "none"})`);
    }
  }
  // Where ingress-nginx would send each kind of request, and with which limits: event streams with
  // buffering off and the long read timeout, everything else with the ordinary one and uploads
  // with the body limits.
  guard("Ingress routes", () => {
    if (!ingresses.length) return;
    const maxBody = resolveProperty(props, "quarkus.http.limits.max-body-size", apiEnv);
    const publish = parseDurationSeconds(resolveProperty(props, "usher.invitations.publish-timeout", apiEnv));
    const identity = parseDurationSeconds(resolveProperty(props, "usher.identity.timeout", apiEnv))
      * (1 + Number(resolveProperty(props, "usher.identity.retries", apiEnv) ?? 0));
    const slowest = Math.max(publish, identity);
    for (const host of [...new Set(ingresses.flatMap((i) => asArray(i.spec?.rules).map((rule) => rule.host)))]) {
      const samples = [...EVENT_STREAM_URLS.map((u) => [u, "stream"]), ...ORDINARY_URLS.map((u) => [u, "ordinary"])];
      for (const [url, kind] of samples) {
        const route = nginxRoute(ingresses, host, url);
        const where = route ? `${ref(route.ingress)} path ${route.path}` : "no Ingress";
        const a = route?.ingress.metadata?.annotations ?? {};
        const read = Number(a["nginx.ingress.kubernetes.io/proxy-read-timeout"] ?? NGINX_DEFAULT_READ_TIMEOUT_S);
        const subject = route ? ref(route.ingress) : `Ingress (host ${host})`;
        if (kind === "stream") {
          C(a["nginx.ingress.kubernetes.io/proxy-buffering"] === "off", subject, `event stream ${url} (host ${host}) goes to ${where} with proxy-buffering off (SSE)`);
          C(read >= SSE_MIN_READ_TIMEOUT_S, subject, `event stream ${url} (host ${host}) goes to ${where} with proxy-read-timeout ${read} >= ${SSE_MIN_READ_TIMEOUT_S} s (SSE)`);
        } else {
          C(route != null, subject, `${url} (host ${host}) is routed (${where})`);
          C(read > slowest && read <= ORDINARY_MAX_READ_TIMEOUT_S, subject,
            `${url} (host ${host}) goes to ${where} with an ordinary proxy-read-timeout: ${read} s, above the service's own longest wait ${slowest} s (publish timeout, identity timeout x tries) and at most ${ORDINARY_MAX_READ_TIMEOUT_S} s (only event streams get ${SSE_MIN_READ_TIMEOUT_S})`);
          if (url === UPLOAD_URL) {
            const body = a["nginx.ingress.kubernetes.io/proxy-body-size"];
            C(body === "0" || parseBytes(body) >= parseBytes(maxBody), subject, `uploads (${url}) go to ${where} with proxy-body-size ${body} >= the service's max-body-size ${maxBody}`);
          }
        }
      }
    }
    // Every event stream the service serves is one the check routes.
    const sse = countSseEndpoints();
    C(sse === EVENT_STREAM_URLS.length, "Ingress routes", `the service serves ${sse} event streams (@Produces SERVER_SENT_EVENTS in src/main/java), the check routes ${EVENT_STREAM_URLS.length} (EVENT_STREAM_URLS)`);
  });

  // --- Keycloak realm import ------------------------------------------------------------------
  for (const ri of ctx.byKind("KeycloakRealmImport")) {
    const subject = ref(ri);
    guard(subject, () => {
      const realm = ri.spec?.realm ?? {};
      const text = JSON.stringify(realm);
      const used = new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]));
      const declared = Object.keys(ri.spec?.placeholders ?? {});
      C([...used].every((p) => declared.includes(p)), subject, `every \${placeholder} of the realm (${[...used].join(", ")}) has a Secret in spec.placeholders`);
      C(declared.every((p) => used.has(p)), subject, "every spec.placeholders entry is used in the realm");
      for (const [p, v] of Object.entries(ri.spec?.placeholders ?? {})) secretRef(subject, v.secret?.name, v.secret?.key, `placeholder ${p}`);
      C(!/localhost|127\.0\.0\.1|\[::1\]/.test(text), subject, "no localhost URL");
      C(asArray(realm.users).every((u) => u.serviceAccountClientId && asArray(u.credentials).length === 0), subject, "seeds no people and no passwords (service-account users only)");
      const clientIds = asArray(realm.clients).map((c) => c.clientId);
      for (const d of usherDeployments) {
        const v = deploymentEnv.get(d.metadata.name)?.values ?? new Map();
        C(v.get("USHER_KEYCLOAK_REALM") === realm.realm, ref(d), `USHER_KEYCLOAK_REALM ${v.get("USHER_KEYCLOAK_REALM")} is the imported realm ${realm.realm}`);
        C((v.get("USHER_OIDC_URL") ?? "").replace(/\/$/, "").endsWith(`/realms/${realm.realm}`), ref(d), `USHER_OIDC_URL ${v.get("USHER_OIDC_URL")} is the realm's issuer`);
        for (const name of ["USHER_OIDC_CLIENT_ID", "USHER_KEYCLOAK_CLIENT_ID"]) C(clientIds.includes(v.get(name)), ref(d), `${name} ${v.get(name)} is a client of the realm`);
        const webSecret = ri.spec?.placeholders?.[/\$\{([A-Z0-9_]+)\}/.exec(asArray(realm.clients).find((c) => c.clientId === v.get("USHER_OIDC_CLIENT_ID"))?.secret ?? "")?.[1]]?.secret;
        const podSecret = deploymentEnv.get(d.metadata.name)?.env.get("USHER_OIDC_CLIENT_SECRET")?.secretRef;
        if (roleOf(v) === "api" || podSecret) {
          C(webSecret && podSecret && webSecret.name === podSecret.name && webSecret.key === podSecret.key, ref(d), "USHER_OIDC_CLIENT_SECRET comes from the Secret and key the realm's client secret is imported from");
        }
        const svcSecret = ri.spec?.placeholders?.[/\$\{([A-Z0-9_]+)\}/.exec(asArray(realm.clients).find((c) => c.clientId === v.get("USHER_KEYCLOAK_CLIENT_ID"))?.secret ?? "")?.[1]]?.secret;
        const podSvcSecret = deploymentEnv.get(d.metadata.name)?.env.get("USHER_KEYCLOAK_CLIENT_SECRET")?.secretRef;
        C(svcSecret && podSvcSecret && svcSecret.name === podSvcSecret.name && svcSecret.key === podSvcSecret.key, ref(d), "USHER_KEYCLOAK_CLIENT_SECRET comes from the Secret and key the realm's client secret is imported from");
      }
      const web = asArray(realm.clients).find((c) => c.clientId === (apiEnv.get("USHER_OIDC_CLIENT_ID") ?? appDefaults.get("USHER_OIDC_CLIENT_ID")));
      // Codes go to one exact URI: the API returns every sign-in to its redirect path and restores
      // the page asked for (without a redirect path, the redirect URI is whatever page asked).
      const redirectPath = resolveProperty(props, "quarkus.oidc.web.authentication.redirect-path", apiEnv);
      const restore = resolveProperty(props, "quarkus.oidc.web.authentication.restore-path-after-redirect", apiEnv);
      C(redirectPath?.startsWith("/") && restore === "true", subject,
        `the API returns every sign-in to one path and restores the page asked for (USHER_OIDC_REDIRECT_PATH ${redirectPath || "unset"}, USHER_OIDC_RESTORE_PATH ${restore})`);
      const wanted = `${publicUrl}${redirectPath || "/<USHER_OIDC_REDIRECT_PATH>"}`;
      const uris = asArray(web?.redirectUris);
      C(web && uris.length === 1 && uris[0] === wanted, subject, `redirect URIs ${uris.join(", ") || "none"} are exactly ${wanted} (no wildcard)`);
      const postLogout = String(web?.attributes?.["post.logout.redirect.uris"] ?? "").split("##").filter(Boolean);
      const signedOut = `${publicUrl}${props.prod.get("quarkus.oidc.web.logout.post-logout-path") ?? ""}`;
      const allowed = [signedOut, `${publicUrl}${SIGN_IN_PATH}*`];
      C(postLogout.includes(signedOut) && postLogout.every((u) => allowed.includes(u)), subject,
        `post-logout redirect URIs ${postLogout.join(", ") || "none"} are ${allowed.join(" and ")} (the sign-out page; switching person returns to sign-in with a login_hint)`);
      // TLS for every request, and a password policy an operator signs.
      C(realm.sslRequired === REALM_SSL_REQUIRED, subject, `sslRequired ${realm.sslRequired} is ${REALM_SSL_REQUIRED}`);
      const policy = String(realm.passwordPolicy ?? "");
      const length = Number(/\blength\((\d+)\)/.exec(policy)?.[1]);
      const history = Number(/\bpasswordHistory\((\d+)\)/.exec(policy)?.[1]);
      C(length >= PASSWORD_MIN_LENGTH && /\bnotUsername\(/.test(policy) && /\bnotEmail\(/.test(policy) && history >= 1, subject,
        `password policy "${policy}": length >= ${PASSWORD_MIN_LENGTH}, notUsername, notEmail and a passwordHistory`);
      // The same realm as the local stack's, but for the differences REALM_DIFFERENCES explains.
      const local = JSON.parse(readFileSync(LOCAL_REALM, "utf8"));
      const diffs = realmDiff(local, realm, "");
      const unexplained = diffs.filter((p) => !REALM_DIFFERENCES.some(([re]) => re.test(p)));
      C(unexplained.length === 0, subject, `is deployment/local/keycloak/usher-realm.json but for the explained differences${unexplained.length ? `; also differs at: ${unexplained.join(", ")}` : ""}`);
      if (report.verbose) for (const p of diffs) console.log(`  note [${r}] ${subject}: differs from the local realm at ${p}: ${REALM_DIFFERENCES.find(([re]) => re.test(p))?.[1] ?? "UNEXPLAINED"}`);
    });
  }

  // --- Secrets: every documented one is used, and the overlay's README shows them all -------------
  for (const name of secrets.keys()) C(usedSecrets.has(name), "../secrets.json", `Secret ${name} is read by the manifests${usedSecrets.has(name) ? "" : " (it is not: a stale entry?)"}`);
  if (options.readme) {
    const readme = existsSync(options.readme) ? readFileSync(options.readme, "utf8") : "";
    C(readme.length > 0, path.relative(KUBE_DIR, options.readme), "exists");
    for (const [name, s] of secrets) {
      C(readme.includes(name), path.relative(KUBE_DIR, options.readme), `shows Secret ${name}`);
      for (const k of Object.keys(s.keys)) C(readme.includes(k), path.relative(KUBE_DIR, options.readme), `shows key ${k} of Secret ${name}`);
    }
  }
}

/** promtool's verdict on a PrometheusRule's groups: undefined when they pass, else its complaint. */
function promtool(rule) {
  const dir = mkdtempSync(path.join(tmpdir(), "usher-rules-"));
  const file = path.join(dir, "rules.yaml");
  writeFileSync(file, YAML.stringify({ groups: rule.spec?.groups ?? [] }));
  try {
    execFileSync("promtool", ["check", "rules", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    return undefined;
  } catch (e) {
    if (e.code === "ENOENT") return "promtool was not found on PATH (Debian: apt-get install prometheus)";
    return (e.stdout + e.stderr).split("\n").filter((l) => /FAILED|error|Error/.test(l)).join("; ").slice(0, 400) || "failed";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Paths where two realm representations differ; lists of clients, users, mappers, roles by name. */
function realmDiff(a, b, at) {
  const keyOf = (x) => x?.clientId ?? x?.username ?? x?.name;
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].every((x) => x && typeof x === "object" && keyOf(x) != null)) {
    const out = [];
    const keys = new Set([...a, ...b].map(keyOf));
    for (const k of keys) {
      const x = a.find((i) => keyOf(i) === k);
      const y = b.find((i) => keyOf(i) === k);
      if (x == null || y == null) out.push(`${at}[${k}]`);
      else out.push(...realmDiff(x, y, `${at}[${k}]`));
    }
    return out;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const out = [];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out.push(...realmDiff(a[k], b[k], at ? `${at}.${k}` : k));
    return out;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

async function validateRender(name, objects, report) {
  let valid = 0;
  for (const o of objects) {
    const v = await validatorFor(o?.apiVersion, o?.kind);
    if (!v) {
      report.fail(name, ref(o), `unknown kind ${o?.apiVersion}/${o?.kind}: no model or schema for it in the check`);
      continue;
    }
    try {
      v.validate(o);
      valid++;
      if (report.verbose) console.log(`  ok   [${name}] ${ref(o)}: valid (${v.source})`);
    } catch (e) {
      report.fail(name, ref(o), `invalid (${v.source}): ${e.message}`);
    }
  }
  return valid;
}

function discoverRenders() {
  const renders = [{ name: "base", dir: path.join(KUBE_DIR, "base"), overlay: false }];
  const overlays = path.join(KUBE_DIR, "overlays");
  for (const e of existsSync(overlays) ? readdirSync(overlays, { withFileTypes: true }) : []) {
    const dir = path.join(overlays, e.name);
    if (e.isDirectory() && existsSync(path.join(dir, "kustomization.yaml"))) {
      renders.push({ name: `overlays/${e.name}`, dir, overlay: true, readme: path.join(dir, "README.md") });
    }
  }
  return renders;
}

async function run(renders, report, props) {
  let objects = 0;
  let baseHost;
  for (const r of renders) {
    let rendered;
    try {
      rendered = render(r.dir);
    } catch (e) {
      report.fail(r.name, "kustomize", e.message);
      continue;
    }
    objects += await validateRender(r.name, rendered, report);
    if (r.name === "base") baseHost = rendered.find((o) => o.kind === "Ingress")?.spec?.rules?.[0]?.host;
    checkRender(r.name, rendered, props, report, { overlay: r.overlay, readme: r.readme, baseHost });
  }
  return objects;
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !["--self-test", "--verbose"].includes(a));
  if (unknown.length) {
    console.error(`unknown option ${unknown.join(" ")}; usage: node check.mjs [--self-test] [--verbose]`);
    return 2;
  }
  const verbose = args.includes("--verbose");
  const props = loadProperties(APP_PROPERTIES);

  if (args.includes("--self-test")) {
    // The broken manifests must be reported, each for what its annotation says.
    const report = new Report(false);
    const objects = render(BROKEN_DIR);
    await validateRender("broken", objects, report);
    checkRender("broken", objects, props, report, { overlay: true, baseHost: "usher.example.com" });
    const expected = objects.flatMap((o) => String(o.metadata?.annotations?.[EXPECT_ANNOTATION] ?? "").split("\n").map((s) => s.trim()).filter(Boolean).map((text) => ({ subject: ref(o), text })));
    const missed = expected.filter((x) => !report.failures.some((f) => f.subject === x.subject && f.message.includes(x.text)));
    for (const x of expected) console.log(`${missed.includes(x) ? "MISSED  " : "reported"} ${x.subject}: ${x.text}`);
    if (verbose) for (const f of report.failures) console.log(`  (all failures) ${f.subject}: ${f.message}`);
    const ok = expected.length > 0 && missed.length === 0;
    console.log(`self-test: ${expected.length - missed.length} of ${expected.length} deliberate errors in broken/ reported (${report.failures.length} failures in all)`
      + (ok ? "" : " — FAILED: the check missed some"));
    return ok ? 0 : 1;
  }

  const renders = discoverRenders();
  const report = new Report(verbose);
  const objects = await run(renders, report, props);
  for (const n of [...report.notes].sort()) console.log(`note: ${n}`);
  if (report.failures.length) {
    for (const f of report.failures) console.error(`FAIL [${f.render}] ${f.subject}: ${f.message}`);
    console.error(`kubernetes: FAILED, ${report.failures.length} problem(s); ${objects} objects in ${renders.length} renders valid; ${report.passed} consistency checks passed`);
    return 1;
  }
  console.log(`kubernetes: ${objects} objects in ${renders.length} renders valid; ${report.passed} consistency checks passed`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`kubernetes: the check itself failed: ${e.stack ?? e}`);
    process.exit(1);
  },
);
