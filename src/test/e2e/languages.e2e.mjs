// Every text in the reader's language, and honest batch reports, in a real browser (Debian's
// Chromium, driven by playwright-core), in French (?lang=fr) and in English: a pasted list's
// per-line messages (a quota read as the word "Éditeur", a repeated line as a duplicate of line N)
// in the preview and on the batch page; the heading and the mail bar while mails are being sent and
// once all are sent; a cut list that says so and points to the CSV; the status choice offering only
// the allowed moves; a refused status change and a form's field errors named by their labels. Run
// by ConsoleE2EIT with the stack it starts; every input comes from the environment. Exits 0 when
// every check held.
import { env, check, launch, signIn, passed, failed } from "./lib.mjs";
import { mkdirSync } from "node:fs";

const BASE = env("BASE_URL");
const SHOTS = env("SCREENSHOTS");
const ACCOUNT = env("ACCOUNT_ID");
const SUSPENDED = env("SUSPENDED_USER_ID");
const UNDERWAY = env("MAILS_UNDERWAY_BATCH_ID");
const REFUSED = Number(env("REFUSED_COUNT"));
mkdirSync(SHOTS, { recursive: true });

/** Codes a person must never read: enum names and Java's lists. */
function noCodes(text, where) {
  const found = ["EDITOR", "SITE_ADMIN", "SUSPENDED", "PENDING", "ACTIVE", "ARCHIVED", "REMOVED", "["]
    .filter((code) => text.includes(code));
  check(found.length === 0, `${where} shows no code (${found.join(", ")})`);
}

const browser = await launch();
let current;
try {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  const console_ = `${BASE}/console/accounts/${ACCOUNT}`;
  current = await signIn(desk, env("ACCOUNT_ADMIN_EMAIL"), env("ACCOUNT_ADMIN_PASSWORD"), `${console_}/users?lang=fr`);
  const page = current;
  await page.goto(`${console_}/users?lang=fr`);

  // The invite dialog in French: a team that is no longer the account's is named by its label.
  await page.click("button[data-open-dialog=invite-dialog]");
  await page.waitForSelector("#invite-dialog[open]");
  await page.evaluate(() => {
    const stale = document.createElement("input");
    stale.type = "checkbox";
    stale.name = "team";
    stale.value = "00000000-0000-4000-8000-000000000001";
    stale.checked = true;
    stale.hidden = true;
    stale.id = "stale-team";
    document.getElementById("invite-form").append(stale);
  });
  const run = Date.now().toString(36);
  await page.fill("#addresses", `stale-${run}@console.example`);
  await page.click("#preview-button");
  await page.waitForSelector("#invite-error:not([hidden])");
  const staleError = await page.textContent("#invite-error");
  check(staleError.includes("La requête n'est pas valide : Équipes, élément 1 — n'est pas une équipe de ce compte"),
    `a field error of the invite dialog names its field in French (${staleError})`);
  check(!staleError.includes("team["), "not by its machine name");
  await page.evaluate(() => document.getElementById("stale-team").remove());

  // A pasted list: two invited (the seats left), the rest past the quota, the first line repeated last.
  const first = `lang-${run}-first@console.example`;
  const lines = [first, `lang-${run}-second@console.example`];
  for (let i = 0; i < REFUSED; i++) lines.push(`lang-${run}-${i}@console.example`);
  lines.push(first.toUpperCase());
  const total = lines.length;
  await page.fill("#addresses", lines.join("\n"));
  await page.click("#preview-button");
  await page.waitForSelector("#preview:not([hidden])");
  await page.waitForFunction(() => document.querySelector('#preview [data-count="INVITED"]').textContent === "2");
  check(Number(await page.textContent('#preview [data-count="QUOTA_REACHED"]')) === REFUSED, "the preview counts the lines past the quota");
  check(Number(await page.textContent('#preview [data-count="DUPLICATE"]')) === 1, "and the repeated line, once");
  check(Number(await page.textContent('#preview [data-count="ALREADY_MEMBER"]')) === 0, "which is not counted as a member");
  const previewed = await page.locator("#preview-lines li").allTextContents();
  check(previewed[0].includes("#3") && previewed[0].includes("vous avez atteint la limite d'utilisateurs pour le rôle Éditeur"),
    `the preview's quota line is French, its role a word (${previewed[0]})`);
  check(previewed[previewed.length - 1].includes(`#${total}`)
      && previewed[previewed.length - 1].includes("est un doublon de la ligne 1"),
    `the repeated line is a duplicate of line 1 in the preview (${previewed[previewed.length - 1]})`);
  noCodes(previewed.join("\n"), "the French preview");
  await Promise.all([page.waitForURL(/\/batches\//), page.click("#send-button")]);
  const batchUrl = page.url().split("?")[0];
  await page.waitForFunction(() => document.querySelector("#batch").dataset.status === "COMPLETED", null, { timeout: 60_000 });

  // The batch page in French, reloaded: identical messages grouped, each entry with its count.
  await page.goto(`${batchUrl}?lang=fr`);
  const messages = await page.locator("#messages li").allTextContents();
  // Identical messages are one entry with their count: the quota lines, then the duplicate.
  check(messages.length === 2, `a reload groups the messages into two entries (${messages.length})`);
  check(messages[0].includes(`× ${REFUSED}`), `the quota entry counts every line past the quota (${messages[0]})`);
  check(messages.some((m) => m.includes("vous avez atteint la limite d'utilisateurs pour le rôle Éditeur sur votre compte")),
    "the batch's quota messages are French, the role the word Éditeur");
  check(messages[messages.length - 1].includes(`#${total}`) && messages[messages.length - 1].includes("est un doublon de la ligne 1"),
    `the repeated line is a duplicate of line 1 on the batch page (${messages[messages.length - 1]})`);
  noCodes(messages.join("\n"), "the French batch page's messages");
  // Grouped, the two entries stand for every line (the quota entry counts all of them): the list
  // is not cut, and says nothing of it (ConsoleIT and MessageGroupsIT check a cut list in both
  // languages with distinct messages).
  check(!(await page.locator("#messages-cut").isVisible()), "a grouped list that stands for every line is not said cut");
  check((await page.locator("#report").getAttribute("href")).includes("report.csv"),
    "the page links the CSV report");
  // All mails sent: the heading says so, and the mail bar is full.
  await page.waitForFunction(() => document.querySelector("#batch-title").textContent.includes("Invitations envoyées"),
    null, { timeout: 60_000 }).catch(() => {});
  if (!(await page.textContent("#batch-title")).includes("Invitations envoyées")) await page.reload();
  await page.waitForFunction(() => document.querySelector("#batch-title").textContent.includes("Invitations envoyées"),
    null, { timeout: 60_000 });
  const [sentValue, sentMax] = await page.evaluate(() =>
    [document.querySelector("#mails-progress").value, document.querySelector("#mails-progress").max]);
  check(sentValue === 2 && sentMax === 2, `all sent: the mail bar is full (${sentValue} of ${sentMax})`);
  check((await page.textContent('#mails [data-mail="sent"]')).trim() === "2", "two mails sent");
  await page.screenshot({ path: `${SHOTS}/console-batch-fr.png`, fullPage: false });

  // The same batch in English.
  await page.goto(`${batchUrl}?lang=en`);
  const english = await page.locator("#messages li").allTextContents();
  check(english.some((m) => m.includes("you have reached the user limit for role Editor on your account")),
    "in English the quota reads the role Editor");
  check(english[english.length - 1].includes("is a duplicate of line 1"), "and the duplicate says its line");
  noCodes(english.join("\n"), "the English batch page's messages");
  check(english[0].includes(`× ${REFUSED}`), `in English the quota lines are one entry too (${english[0]})`);
  check((await page.textContent("#batch-title")).includes("Invitations sent"), "the English heading: all sent");

  // A batch decided whose mails have not all left: the heading says they are being sent.
  await page.goto(`${console_}/batches/${UNDERWAY}?lang=fr`);
  check((await page.textContent("#batch-title")).includes("envoi des e-mails en cours"),
    "a decided batch whose mails are waiting says they are being sent (French)");
  const [waitValue, waitMax] = await page.evaluate(() =>
    [document.querySelector("#mails-progress").value, document.querySelector("#mails-progress").max]);
  check(waitValue === 0 && waitMax === 3, `its mail bar is empty (${waitValue} of ${waitMax})`);
  check((await page.textContent('#mails [data-mail="pending"]')).trim() === "3", "three mails waiting");
  await page.goto(`${console_}/batches/${UNDERWAY}?lang=en`);
  check((await page.textContent("#batch-title")).includes("mails being sent"), "and in English");

  // A suspended member: the status choice offers only the moves allowed from SUSPENDED.
  const member = `${console_}/users/${SUSPENDED}`;
  await page.goto(`${member}?lang=fr`);
  const choices = await page.locator("#status option").evaluateAll((options) => options.map((o) => o.value));
  check(JSON.stringify(choices.sort()) === JSON.stringify(["ACTIVE", "ARCHIVED", "REMOVED", "SUSPENDED"]),
    `a suspended member can be made active, archived or removed only (${choices})`);
  const words = await page.locator("#status option").allTextContents();
  check(words.includes("Suspendu") && words.includes("Actif"), `the statuses read as French words (${words})`);
  // Reactivating past the quota (every editor's seat is now taken) is refused, in French.
  await page.selectOption("#status", "ACTIVE");
  await page.click("form.stack button[type=submit]");
  await page.waitForSelector(".error-box");
  const quota = await page.textContent(".error-box");
  check(quota.includes("Le quota du compte pour le rôle Éditeur est atteint (4 places occupées sur 4)"),
    `a refused status change says why in French (${quota})`);
  noCodes(quota, "the refused status change");
  // A status the choice does not offer (a stale page), sent anyway: refused in words too.
  await page.goto(`${member}?lang=fr`);
  await page.evaluate(() => document.getElementById("status").add(new Option("x", "PENDING", true, true)));
  await page.click("form.stack button[type=submit]");
  await page.waitForSelector(".error-box");
  const move = await page.textContent(".error-box");
  check(move.includes("Un membre au statut Suspendu ne peut pas passer au statut Invitation en attente"),
    `a move that is not allowed is refused in French words (${move})`);
  noCodes(move, "the refused move");
  // A form error names its field by its French label, not its machine name.
  await page.goto(`${member}?lang=fr`);
  await page.evaluate(() => document.getElementById("role").add(new Option("x", "BOSS", true, true)));
  await page.click("form.stack button[type=submit]");
  await page.waitForSelector(".error-box");
  const field = await page.textContent(".error-box");
  check(field.includes("La requête n'est pas valide : Rôle — Valeur inconnue : BOSS"), `a form error names its field in French (${field})`);
  check(!field.includes("role —"), "not by its machine name");
  await page.goto(`${member}?lang=en`);
  await page.selectOption("#status", "ACTIVE");
  await page.click("form.stack button[type=submit]");
  await page.waitForSelector(".error-box");
  check((await page.textContent(".error-box")).includes("The account's quota for the role Editor is reached"),
    "the refused status change in English");
  await page.goto(`${member}?lang=en`);
  await page.evaluate(() => document.getElementById("role").add(new Option("x", "BOSS", true, true)));
  await page.click("form.stack button[type=submit]");
  await page.waitForSelector(".error-box");
  check((await page.textContent(".error-box")).includes("The request is not valid: Role — Not a known value: BOSS"),
    "a form error names its field in English");

  // A team's form, refused: its field named in French.
  await page.goto(`${console_}/teams?lang=fr`);
  await page.evaluate(() => document.getElementById("new-team-name").removeAttribute("required"));
  await page.fill("#new-team-name", "   ");
  await page.click("text=Créer l'équipe");
  await page.waitForSelector("#team-error");
  const team = await page.textContent("#team-error");
  check(team.includes("Nom — est obligatoire"), `a refused team name says its field in French (${team})`);
  await page.goto(`${console_}/users?lang=en`);

  passed("languages e2e");
} catch (error) {
  await failed(error, current, `${SHOTS}/failure-languages.png`);
} finally {
  await browser.close();
}
