// Teams, the audit log and seats in a real browser (Debian's Chromium, driven by playwright-core):
// create, rename and delete a team and see its member count; the audit log filtered and paged; the
// seats used and left per role in the users list, the invite dialog and the preview — in English
// and in French. Run by ConsoleE2EIT with the stack it starts; every input comes from the
// environment. Exits 0 when every check held.
import { env, check, launch, signIn, passed, failed, labelled, fitsWidth } from "./lib.mjs";
import { mkdirSync } from "node:fs";

const BASE = env("BASE_URL");
const SHOTS = env("SCREENSHOTS");
const ACCOUNT = env("ACCOUNT_ID");
const MEMBER = env("TEAM_MEMBER_ID");
const ACTOR = env("AUDIT_ACTOR");
mkdirSync(SHOTS, { recursive: true });

const browser = await launch();
let current;
try {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  const console_ = `${BASE}/console/accounts/${ACCOUNT}`;
  current = await signIn(desk, env("ACCOUNT_ADMIN_EMAIL"), env("ACCOUNT_ADMIN_PASSWORD"), `${console_}/users?lang=en`);
  const page = current;

  // Seats, on the users list and in the invite dialog.
  await page.goto(`${console_}/users?lang=en`);
  const seats = await page.textContent("#seats");
  check(seats.includes("Editors: 7 of 10 used, 3 left"), `the users list says the editors' seats (${seats.trim()})`);
  check(seats.includes("Site administrators: 1 of 3 used, 2 left"), "and the site administrators'");
  await page.click("button[data-open-dialog=invite-dialog]");
  await page.waitForSelector("#invite-dialog[open]");
  check((await page.textContent("#invite-seats")).includes("Editors: 7 of 10 used"), "the invite dialog says the seats");
  const run = Date.now().toString(36);
  await page.fill("#addresses", Array.from({ length: 5 }, (_, i) => `seat-${run}-${i}@console.example`).join("\n"));
  await page.click("#preview-button");
  await page.waitForSelector("#preview-seats:not([hidden])");
  const previewSeats = await page.textContent("#preview-seats");
  check(previewSeats.includes("Editors: 7 of 10 used now; 10 of 10 after these invitations"),
    `the preview says the seats before and after (${previewSeats})`);
  check(Number(await page.textContent('#preview [data-count="QUOTA_REACHED"]')) === 2, "the two lines past the quota are counted");
  await page.click("#invite-dialog [data-close-dialog]");

  // Teams: create, rename, give a member, delete.
  await page.click("nav.account-nav >> text=Teams");
  await page.waitForURL(/\/teams/);
  check((await page.textContent("h1")).startsWith("Teams"), "the account's navigation leads to its teams");
  await labelled(page, "the teams page");
  await page.fill("#new-team-name", `Night shift ${run}`);
  await Promise.all([page.waitForURL(/notice=team_created/), page.click("text=Create the team")]);
  check(await page.isVisible(`input[value="Night shift ${run}"]`), "a team is created");
  // A name that is taken comes back refused, with what was typed.
  await page.fill("#new-team-name", `night SHIFT ${run}`);
  await page.click("text=Create the team");
  await page.waitForSelector("#team-error");
  check((await page.inputValue("#new-team-name")) === `night SHIFT ${run}`, "a refused name is kept in its field");
  check((await page.textContent("#team-error")).includes("already has a team named"), "and the page says why");

  const row = page.locator("#teams tbody tr", { has: page.locator(`input[value="Night shift ${run}"]`) });
  const teamId = await row.getAttribute("data-team");
  await row.locator("input[name=name]").fill(`Day shift ${run}`);
  await Promise.all([page.waitForURL(/notice=team_renamed/), row.locator("form.inline button[type=submit]").click()]);
  check(await page.isVisible(`input[value="Day shift ${run}"]`), "a team is renamed");
  check((await page.textContent(`[data-team="${teamId}"] [data-members]`)).trim().startsWith("0"), "a new team has no member");

  await page.goto(`${console_}/users/${MEMBER}`);
  await page.check(`input[name=teams][value="${teamId}"]`);
  await Promise.all([page.waitForURL(/notice=saved/), page.click("text=Save")]);
  await page.goto(`${console_}/teams`);
  const count = page.locator(`[data-team="${teamId}"] [data-members]`);
  check((await count.getAttribute("data-members")) === "1", "the team counts its member");
  await page.screenshot({ path: `${SHOTS}/console-teams.png` });
  await count.click();
  await page.waitForURL(/users\?team=/);
  check((await page.locator("#members tbody tr").count()) === 1, "the count leads to the team's members");

  await page.goto(`${console_}/teams`);
  const doomed = page.locator(`[data-team="${teamId}"]`);
  await doomed.locator("button[data-open-dialog]").click();
  await page.waitForSelector(`[data-team="${teamId}"] dialog[open]`);
  check((await page.evaluate(() => document.activeElement.textContent.trim())) === "Cancel", "deleting starts on Cancel");
  await Promise.all([page.waitForURL(/notice=team_deleted/), doomed.locator("dialog button.danger").click()]);
  check((await page.locator(`[data-team="${teamId}"]`).count()) === 0, "a team is deleted");

  // The audit log: filtered, paged.
  await page.click("nav.account-nav >> text=Audit log");
  await page.waitForURL(/\/audit/);
  await labelled(page, "the audit page");
  check((await page.textContent("#audit")).includes("Team deleted"), "the log says what was done, in words");
  check(!(await page.textContent("#audit")).includes("team.deleted"), "not as codes");
  await page.fill("#actor", ACTOR);
  await page.selectOption("#action", "member.role-changed");
  await Promise.all([page.waitForURL(/actor=/), page.click("form.filters button[type=submit]")]);
  check((await page.locator("#audit tbody tr").count()) === 50, "a page of 50 entries");
  check((await page.textContent(".paging")).includes("Page 1 of 2"), "of two pages");
  await page.screenshot({ path: `${SHOTS}/console-audit.png` });
  await Promise.all([page.waitForURL(/page=1/), page.click("a[rel=next]")]);
  check((await page.locator("#audit tbody tr").count()) === 10, "the second page has the rest");
  check((await page.inputValue("#actor")) === ACTOR, "paging keeps the filters");
  await page.fill("#from", "2026-12-31");
  await page.fill("#to", "2026-01-01");
  await page.click("form.filters button[type=submit]");
  await page.waitForSelector("#audit-error");
  check((await page.inputValue("#from")) === "2026-12-31", "a period that ends before it starts is refused, the filters kept");

  // French.
  await page.goto(`${console_}/teams?lang=fr`);
  check((await page.textContent("h1")).startsWith("Équipes"), "the teams page speaks French");
  check(await page.isVisible("text=Créer l'équipe"), "its buttons too");
  await page.goto(`${console_}/audit?lang=fr`);
  check((await page.textContent("h1")).startsWith("Journal d'audit"), "the audit page speaks French");
  check((await page.textContent("#audit")).includes("Équipe supprimée"), "its actions are French words");
  await page.goto(`${console_}/users?lang=fr`);
  check((await page.textContent("#seats")).includes("Éditeurs : 7 sur 10 utilisées, 3 restantes"), "the seats in French");
  await page.click("button[data-open-dialog=invite-dialog]");
  await page.fill("#addresses", `fr-${run}@console.example`);
  await page.click("#preview-button");
  await page.waitForSelector("#preview-seats:not([hidden])");
  check((await page.textContent("#preview-seats")).includes("8 sur 10 après ces invitations"), "the preview's seats in French");
  await page.goto(`${console_}/users?lang=en`);

  // A phone's width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await desk.storageState() });
  const small = await phone.newPage();
  await small.goto(`${console_}/teams`);
  await fitsWidth(small, 390, "the teams page");
  await small.goto(`${console_}/audit`);
  await fitsWidth(small, 390, "the audit page");
  await phone.close();

  passed("teams and audit e2e");
} catch (error) {
  await failed(error, current, `${SHOTS}/failure-teams-audit.png`);
} finally {
  await browser.close();
}
